package org.letterbox.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.letterbox.server.connection.BrokerCore;
import org.letterbox.server.connection.CoreConfig;
import org.letterbox.server.destination.Destinations;
import org.letterbox.server.destination.MemoryBudget;
import org.letterbox.server.destination.DeliveryPolicy;
import org.letterbox.server.destination.MessageQueue;
import org.letterbox.server.security.Authenticator;
import org.letterbox.server.store.FsyncPolicy;
import org.letterbox.server.store.MemoryStore;
import org.letterbox.server.store.MessageStore;
import org.letterbox.server.store.StoreType;
import org.letterbox.server.store.chronicle.ChronicleStore;
import org.letterbox.server.store.log.JournalSyncStats;
import org.letterbox.server.transport.BrokerServer;
import org.letterbox.server.transport.VmBrokers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A Letterbox broker, embedded or standalone:
 * <pre>{@code
 * try (LetterboxBroker broker = LetterboxBroker.builder().port(0).start()) {
 *     ConnectionFactory cf = new LetterboxConnectionFactory(broker.tcpUrl());
 * }
 * }</pre>
 */
public final class LetterboxBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LetterboxBroker.class);

    static {
        // before any Chronicle class initialises: the broker never contacts an outside host
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
    }

    /** The standalone broker halts when the heap is still this full after a garbage collection. */
    static final double HEAP_GUARD_FRACTION = 0.95;

    private final Builder config;
    private final EventLoopGroup brokerLoop;
    private final BrokerCore core;
    private final BrokerServer server;
    private final MessageStore store;
    private final CriticalFailure critical;
    private LoopWatchdog watchdog;
    private HeapGuard heapGuard;
    private InetSocketAddress tcpAddress;
    private volatile boolean closed;

    private LetterboxBroker(Builder config) {
        this.config = config;
        this.critical = new CriticalFailure(config.criticalPolicy, this::closeAfterFailure);
        this.brokerLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("letterbox-broker", true));
        try {
            this.store = config.storeFactory != null ? config.storeFactory.apply(brokerLoop.next())
                    : config.storeType == StoreType.CHRONICLE
                    ? ChronicleStore.open(config.dataDir, config.fsync, brokerLoop.next(),
                            config.rollCycle == null ? null : ChronicleStore.rollCycle(config.rollCycle),
                            config.maxFrameSize, critical, Destinations.defaultMemoryLimit())
                    : new MemoryStore();
        } catch (RuntimeException e) {
            brokerLoop.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            throw e;
        }
        this.core = new BrokerCore(brokerLoop.next(), store,
                new Authenticator(config.users, config.allowAnonymous), config.autoCreateDestinations, config.coreConfig());
        core.critical(critical);
        this.server = new BrokerServer(brokerLoop);
    }

    public static Builder builder() {
        return new Builder();
    }

    private LetterboxBroker start() throws Exception {
        try {
            onBrokerThread(() -> {
                core.destinations().policies(config.defaultPolicy, config.policies, core);
                core.recover();
                config.queues.forEach(core.destinations()::declareQueue);
                config.topics.forEach(core.destinations()::declareTopic);
                core.startLivenessSweep(config.livenessTickMillis());
                return null;
            });
            if (config.criticalPolicy == CriticalFailure.Policy.HALT) {
                // the process is the broker's alone: any thread dying of an Error, or a heap about to run out, halts it
                critical.watchEveryThread();
                heapGuard = HeapGuard.start(HEAP_GUARD_FRACTION, critical);
            }
            if (config.criticalTimeoutMillis > 0) {
                watchdog = new LoopWatchdog(core.loop(), config.criticalTimeoutMillis, critical,
                        System::currentTimeMillis).start();
            }
            if (config.port >= 0) {
                tcpAddress = server.bindTcp(config.host, config.port, core, config.coreConfig().preAuthMaxFrameSize());
            }
            if (config.vmName != null) {
                VmBrokers.register(config.vmName, this);
                server.bindVm(config.vmName, core);
            }
        } catch (Exception e) {
            close();
            throw e;
        }
        LOG.info("Letterbox broker started{}{} ({})", tcpAddress == null ? "" : " on " + tcpUrl(),
                config.vmName == null ? "" : " and " + vmUrl(), store.describe());
        return this;
    }

    /** The bound TCP port (the real one when built with port 0), or -1 without TCP. */
    public int port() {
        return tcpAddress == null ? -1 : tcpAddress.getPort();
    }

    /** {@code tcp://host:port} clients can connect to, or null without TCP. */
    public String tcpUrl() {
        if (tcpAddress == null) {
            return null;
        }
        String host = tcpAddress.getAddress().isAnyLocalAddress() ? "localhost" : tcpAddress.getHostString();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "tcp://" + host + ":" + tcpAddress.getPort();
    }

    /** {@code vm://name}, or null when not listening in-VM. */
    public String vmUrl() {
        return config.vmName == null ? null : "vm://" + config.vmName;
    }

    public Path dataDirectory() {
        return config.dataDir;
    }

    /** What the broker keeps its messages in, e.g. "chronicle store in data/journal, fsync=batch". */
    public String storeDescription() {
        return store.describe();
    }

    /** Messages waiting on a queue (0 if it does not exist). */
    public int queueDepth(String queueName) {
        return onBrokerThread(() -> core.destinations().queues().stream()
                .filter(q -> q.name().equals(queueName)).mapToInt(MessageQueue::depth).sum());
    }

    /** Journal cycle files deleted since start because all their messages were settled (0 without a journal). */
    public long deletedJournalFiles() {
        return onBrokerThread(store::releasedSegments);
    }

    /** What fsync=batch group commit has done since start ({@link JournalSyncStats#NONE} without a journal). */
    public JournalSyncStats journalSyncStats() {
        return onBrokerThread(store::syncStats);
    }

    /** Messages of a queue held on disk only (paged out). */
    public int pagedCount(String queueName) {
        return onBrokerThread(() -> core.destinations().queues().stream()
                .filter(q -> q.name().equals(queueName)).mapToInt(MessageQueue::pagedCount).sum());
    }

    /** The delivery policy a queue of that name gets (broker thread: use {@link #onBrokerThread}). */
    public DeliveryPolicy queuePolicy(String queueName) {
        return core.destinations().policyFor(queueName);
    }

    /** Queue-browser snapshots the broker holds for its clients (open browse cursors, over all connections). */
    public int openBrowseCursors() {
        return onBrokerThread(core::openBrowseCursors);
    }

    /** Messages of a queue delivered to consumers and not yet acknowledged. */
    public int inFlightCount(String queueName) {
        return onBrokerThread(() -> core.destinations().queues().stream()
                .filter(q -> q.name().equals(queueName)).mapToInt(MessageQueue::inFlight).sum());
    }

    /** Bytes written to client connections that their sockets have not taken yet (what slow readers cost). */
    public long pendingOutputBytes() {
        return onBrokerThread(core::pendingOutputBytes);
    }

    /** Number of open client connections. */
    public int connectionCount() {
        return onBrokerThread(core::connectionCount);
    }

    /** Runs a task on the broker thread and waits for its result (for admin and tests). */
    public <T> T onBrokerThread(Callable<T> task) {
        try {
            return core.loop().submit(task).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Why the broker failed critically and stopped (see {@link CriticalFailure}), or null if it did not. */
    public String failure() {
        return critical.reason();
    }

    /** The broker-wide memory budget of messages, and what is charged to it now (broker thread for exact figures). */
    public long memoryBudgetUsed() {
        return onBrokerThread(() -> core.budget().used());
    }

    public long memoryBudgetLimit() {
        return core.budget().limit();
    }

    @Override
    public void close() {
        if (!beginClosing()) {
            return;
        }
        server.close();
        brokerLoop.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        store.close();
        LOG.info("Letterbox broker stopped");
    }

    /**
     * Marks the broker closed (once, whoever closes it: the application or a critical failure) and stops watching it
     * and finding it in-VM; false if it was closed already.
     */
    private boolean beginClosing() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        if (watchdog != null) {
            watchdog.close();
        }
        if (heapGuard != null) {
            heapGuard.close();
        }
        if (config.vmName != null) {
            VmBrokers.unregister(config.vmName, this);
        }
        return true;
    }

    /**
     * After a critical failure with {@link CriticalFailure.Policy#STOP}: closes what can be closed without waiting for
     * the broker thread, which may be the one that failed (or be stuck), so it must not be waited for.
     */
    private void closeAfterFailure() {
        if (!beginClosing()) {
            return;
        }
        try {
            server.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the listeners after a critical failure: {}", e.toString());
        }
        brokerLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        LOG.error("Letterbox broker stopped after a critical failure: {}", critical.reason());
    }

    /** Broker settings; every one has a default, so {@code builder().start()} runs a broker on 127.0.0.1:61616. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 61616;
        private String vmName;
        private Path dataDir = Path.of("data");
        private StoreType storeType = StoreType.MEMORY;
        private FsyncPolicy fsync = FsyncPolicy.BATCH;
        private String rollCycle;
        private java.util.function.Function<java.util.concurrent.Executor, MessageStore> storeFactory;
        private final Map<String, String> users = new LinkedHashMap<>();
        private boolean allowAnonymous;
        private boolean autoCreateDestinations = true;
        private int maxFrameSize = CoreConfig.DEFAULT_MAX_FRAME_SIZE;
        private long memoryBudget = -1; // -1: half the heap
        private long handshakeTimeoutMillis = CoreConfig.DEFAULT_HANDSHAKE_TIMEOUT_MILLIS;
        private long connectionTtlMillis = CoreConfig.DEFAULT_CONNECTION_TTL_MILLIS;
        private long criticalTimeoutMillis = 60_000;
        private CriticalFailure.Policy criticalPolicy = CriticalFailure.Policy.STOP;
        private int maxSessionsPerConnection = CoreConfig.DEFAULT_MAX_SESSIONS;
        private int maxConsumersPerConnection = CoreConfig.DEFAULT_MAX_CONSUMERS;
        private int maxBrowsersPerConnection = CoreConfig.DEFAULT_MAX_BROWSERS;
        private int sendWindowBytes = CoreConfig.DEFAULT_SEND_WINDOW;
        private final List<String> queues = new ArrayList<>();
        private DeliveryPolicy defaultPolicy = DeliveryPolicy.DEFAULT;
        private final Map<String, DeliveryPolicy> policies = new LinkedHashMap<>();
        private final List<String> topics = new ArrayList<>();

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** TCP port; 0 picks a free one, -1 disables TCP (in-VM only). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Also listen in-VM as {@code vm://name}. */
        public Builder vmName(String vmName) {
            this.vmName = vmName;
            return this;
        }

        /** Where the chronicle store keeps its journal (default {@code ./data}). */
        public Builder dataDirectory(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** {@link StoreType#MEMORY} (the embedded default) or {@link StoreType#CHRONICLE} (the journal in the data directory). */
        public Builder store(StoreType storeType) {
            this.storeType = java.util.Objects.requireNonNull(storeType, "storeType");
            return this;
        }

        /**
         * A store of one's own instead of {@link #store(StoreType)}: {@code factory} gets the broker thread (where the
         * store runs its completions) and returns the store, which the broker closes when it stops. For tests and
         * other implementations of the {@link MessageStore} SPI.
         */
        public Builder store(java.util.function.Function<java.util.concurrent.Executor, MessageStore> factory) {
            this.storeFactory = java.util.Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** When the journal is fsynced (default {@link FsyncPolicy#BATCH}); see {@link FsyncPolicy} for what each survives. */
        public Builder fsync(FsyncPolicy fsync) {
            this.fsync = java.util.Objects.requireNonNull(fsync, "fsync");
            return this;
        }

        /**
         * How often the chronicle journal starts a new file (default FAST_HOURLY); a file whose messages are all
         * settled is deleted. A name of Chronicle's {@code RollCycles}, or TEST_SECONDLY for tests.
         */
        public Builder journalRollCycle(String rollCycle) {
            ChronicleStore.rollCycle(rollCycle); // checks the name
            this.rollCycle = rollCycle;
            return this;
        }

        /** Adds a user; once any user exists, connections must authenticate. */
        public Builder user(String name, String password) {
            users.put(name, password);
            return this;
        }

        /** With users configured, still let connections without a user name in. */
        public Builder allowAnonymous(boolean allowAnonymous) {
            this.allowAnonymous = allowAnonymous;
            return this;
        }

        /** Whether a queue or topic is created the first time it is used (default true). */
        public Builder autoCreateDestinations(boolean autoCreate) {
            this.autoCreateDestinations = autoCreate;
            return this;
        }

        public Builder maxFrameSize(int maxFrameSize) {
            if (maxFrameSize < 1024) {
                throw new IllegalArgumentException("maxFrameSize must be at least 1024 bytes");
            }
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        /**
         * The broker-wide memory budget of messages (like Artemis' global-max-size): past it persistent messages are
         * paged to disk and producers of the rest are held back. Default half the heap; 0 = unlimited.
         */
        public Builder memoryBudget(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("memoryBudget cannot be negative");
            }
            this.memoryBudget = bytes;
            return this;
        }

        /** A connection that has not completed its HELLO within this time is closed (default 10 s; 0 = never). */
        public Builder handshakeTimeout(java.time.Duration timeout) {
            this.handshakeTimeoutMillis = nonNegativeMillis(timeout, "handshakeTimeout");
            return this;
        }

        /**
         * A connection the broker hears nothing from (not even a heartbeat) for this long is closed (default 60 s;
         * 0 = never). Clients learn it in the handshake and send heartbeats well within it.
         */
        public Builder connectionTtl(java.time.Duration ttl) {
            this.connectionTtlMillis = nonNegativeMillis(ttl, "connectionTtl");
            return this;
        }

        /**
         * When the broker thread has not run for this long, the broker has failed critically (default 60 s; 0 = not
         * watched). See {@link #onCriticalFailure}.
         */
        public Builder criticalTimeout(java.time.Duration timeout) {
            this.criticalTimeoutMillis = nonNegativeMillis(timeout, "criticalTimeout");
            return this;
        }

        /**
         * What a critical failure (an Error such as OutOfMemoryError on a broker thread, a failed fsync, a stuck
         * broker thread) does: {@link CriticalFailure.Policy#STOP} this broker (the embedded default) or
         * {@link CriticalFailure.Policy#HALT} the JVM (what {@code letterbox-server.jar run} does).
         */
        public Builder onCriticalFailure(CriticalFailure.Policy policy) {
            this.criticalPolicy = java.util.Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Sessions, consumers and browsers one connection may have open at once (defaults 10,000, 10,000, 1,000). */
        public Builder connectionLimits(int maxSessions, int maxConsumers, int maxBrowsers) {
            if (maxSessions < 1 || maxConsumers < 1 || maxBrowsers < 1) {
                throw new IllegalArgumentException("connection limits must be at least 1");
            }
            this.maxSessionsPerConnection = maxSessions;
            this.maxConsumersPerConnection = maxConsumers;
            this.maxBrowsersPerConnection = maxBrowsers;
            return this;
        }

        /**
         * Bytes of messages a client may have sent before the broker has read them and credited them back (default
         * 512 KiB, at least 1024): bounds what a producer has in flight, so flow control stops it within that much.
         */
        public Builder sendWindow(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("sendWindow must be at least 1024 bytes");
            }
            this.sendWindowBytes = bytes;
            return this;
        }

        private static long nonNegativeMillis(java.time.Duration duration, String what) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException(what + " cannot be negative");
            }
            return duration.toMillis();
        }

        CoreConfig coreConfig() {
            return new CoreConfig(maxFrameSize, Math.min(CoreConfig.DEFAULT_PRE_AUTH_MAX_FRAME_SIZE, maxFrameSize),
                    memoryBudget >= 0 ? memoryBudget : MemoryBudget.defaultLimit(), handshakeTimeoutMillis,
                    connectionTtlMillis, maxSessionsPerConnection, maxConsumersPerConnection, maxBrowsersPerConnection,
                    sendWindowBytes);
        }

        /** How often the broker checks handshakes, TTLs and heartbeats: fine enough for the shortest of them. */
        long livenessTickMillis() {
            long shortest = Long.MAX_VALUE;
            for (long t : new long[] {handshakeTimeoutMillis, connectionTtlMillis}) {
                if (t > 0) {
                    shortest = Math.min(shortest, t);
                }
            }
            return Math.max(10, Math.min(100, shortest / 4));
        }

        /** Redelivery, dead-letter and expiry policy of every destination without its own (default {@link DeliveryPolicy#DEFAULT}). */
        public Builder deliveryPolicy(DeliveryPolicy policy) {
            this.defaultPolicy = java.util.Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The policy of one queue, or of every subscription of one topic. */
        public Builder deliveryPolicy(String destination, DeliveryPolicy policy) {
            policies.put(destination, java.util.Objects.requireNonNull(policy, "policy"));
            return this;
        }

        public Builder queue(String name) {
            queues.add(name);
            return this;
        }

        public Builder topic(String name) {
            topics.add(name);
            return this;
        }

        public LetterboxBroker start() throws Exception {
            if (port < 0 && vmName == null) {
                throw new IllegalArgumentException("a broker needs a TCP port or a vm name");
            }
            return new LetterboxBroker(this).start();
        }
    }
}
