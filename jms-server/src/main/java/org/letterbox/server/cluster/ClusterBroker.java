package org.letterbox.server.cluster;

import org.letterbox.server.LetterboxBroker;
import org.letterbox.server.destination.Destinations;
import org.letterbox.server.store.JournaledStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One node of a Letterbox cluster: a Raft member always, and the broker only while it leads. On becoming the ready
 * leader (every earlier entry applied) it starts a broker whose store writes to the cluster's log, which replays what
 * the last leader left — queues, messages, subscriptions, prepared XA branches — and then listens for clients; when it
 * stops leading, or its log can no longer confirm, it closes that broker, and with it every client connection, so
 * clients go and find the new leader. A follower does not listen for JMS clients at all.
 */
public final class ClusterBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBroker.class);
    /** Bytes of records in a segment of the cluster's log (space is released a segment at a time). */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    private final ClusterMember member;
    private final Supplier<LetterboxBroker.Builder> settings;
    private final long segmentBytes;
    private final Consumer<String> roleChanges;
    private final ScheduledExecutorService roles = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "letterbox-cluster-role");
        t.setDaemon(true);
        return t;
    });
    private volatile LetterboxBroker broker; // set and cleared on the roles thread only
    private volatile boolean closed;

    /**
     * @param settings     a fresh broker builder (port, users, policies...) each time this node starts to lead
     * @param roleChanges  told, in words, each time this node starts or stops serving (the CLI prints it)
     */
    public ClusterBroker(ClusterConfig config, Path dataDirectory, int maxFrameSize, long segmentBytes,
                         Supplier<LetterboxBroker.Builder> settings, Consumer<String> roleChanges) {
        this.settings = settings;
        this.segmentBytes = segmentBytes;
        this.roleChanges = roleChanges;
        this.member = new ClusterMember(config, dataDirectory.resolve("raft"), maxFrameSize + 65_536,
                new JournalStateMachine.RoleListener() {
                    @Override
                    public void leaderReady() {
                        onRoles(ClusterBroker.this::lead);
                    }

                    @Override
                    public void notLeader() {
                        onRoles(() -> follow("another node leads"));
                    }

                    @Override
                    public void follows(String leader) {
                        if (leader != null) {
                            onRoles(() -> {
                                String line = "node " + member.peerId() + " follows " + leader;
                                LOG.info(line);
                                roleChanges.accept(line);
                            });
                        }
                    }
                });
    }

    /** Runs a role change on the roles thread, unless this node is shutting down. */
    private void onRoles(Runnable change) {
        if (closed) {
            return;
        }
        try {
            roles.execute(change);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    public ClusterBroker start() {
        member.start();
        LOG.info("cluster {} started; this node serves clients while it leads", member.describe());
        return this;
    }

    private void lead() {
        if (closed || broker != null || !member.isLeader()) {
            return;
        }
        if (!member.division().getInfo().isLeaderReady()) {
            later(this::lead, 50); // told while the leader's first entry is applied
            return;
        }
        long term = member.status().term();
        try {
            broker = settings.get()
                    .store(loop -> new JournaledStore(new RaftRecordLog(member, loop, segmentBytes,
                            cause -> onRoles(() -> logLost(cause))), Destinations.defaultMemoryLimit()))
                    .start();
        } catch (Exception e) {
            LOG.error("node {} leads (term {}) but could not start serving: {}", member.peerId(), term, e.toString(), e);
            later(this::lead, 1000);
            return;
        }
        String line = "node " + member.peerId() + " leads (term " + term + "): serving on " + describe(broker);
        LOG.info(line);
        roleChanges.accept(line);
    }

    private void follow(String why) {
        LetterboxBroker serving = broker;
        if (serving == null) {
            return;
        }
        broker = null;
        serving.close();
        String line = "node " + member.peerId() + " stopped serving: " + why;
        LOG.info(line);
        roleChanges.accept(line);
    }

    /** The log refused an entry: stop serving; if this node still leads, serve again from what the log holds. */
    private void logLost(Throwable cause) {
        follow("the cluster's log refused a write (" + cause.getMessage() + ")");
        later(this::lead, 500);
    }

    private void later(Runnable change, long millis) {
        if (closed) {
            return;
        }
        try {
            roles.schedule(change, millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private static String describe(LetterboxBroker broker) {
        String url = broker.tcpUrl() != null ? broker.tcpUrl() : broker.vmUrl();
        return url + " (" + broker.storeDescription() + ")";
    }

    /** The broker while this node leads and serves, else null. */
    public LetterboxBroker broker() {
        return broker;
    }

    public ClusterMember member() {
        return member;
    }

    @Override
    public void close() {
        closed = true;
        try {
            roles.submit(() -> follow("shutting down")).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping the broker of node {}: {}", member.peerId(), e.toString());
        }
        roles.shutdownNow();
        member.close();
    }
}
