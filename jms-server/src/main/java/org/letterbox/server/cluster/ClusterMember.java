package org.letterbox.server.cluster;

import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * This node's member of the cluster's Raft group (Apache Ratis over gRPC): it replicates the journal, elects the
 * leader and tells {@link JournalStateMachine.RoleListener} when this node leads and when it stops leading. One group
 * holds the whole broker today; the group id is derived from a name so that a later cluster can run several.
 */
public final class ClusterMember implements AutoCloseable {
    /** The JDK's property for the common fork-join pool's size. */
    public static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    static {
        // Ratis completes futures asynchronously on the common pool; on a 2-core machine that pool has one thread, and
        // CompletableFuture then starts a new thread for every task. Measured: 4.0 -> 3.1 ms per replicated append
        // (p50, 3 members in one JVM). Only takes effect if nothing used the common pool yet (the CLI sets it first).
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM, "4");
        }
    }

    private final ClusterConfig config;
    private final RaftGroup group;
    private final RaftPeerId self;
    private final JournalStateMachine stateMachine;
    private final RaftServer server;

    /**
     * @param maxRecordBytes the largest record (a message and its header) the log must take
     */
    public ClusterMember(ClusterConfig config, Path storage, int maxRecordBytes, JournalStateMachine.RoleListener roles) {
        this.config = config;
        this.self = RaftPeerId.valueOf(config.nodeId());
        List<RaftPeer> peers = config.peers().entrySet().stream()
                .map(p -> RaftPeer.newBuilder().setId(p.getKey()).setAddress(p.getValue()).build()).toList();
        this.group = RaftGroup.valueOf(groupId(config.groupName()), peers);
        this.stateMachine = new JournalStateMachine(roles);
        try {
            this.server = RaftServer.newBuilder()
                    .setGroup(group)
                    .setServerId(self)
                    .setProperties(properties(config, storage, maxRecordBytes))
                    .setStateMachine(stateMachine)
                    .setOption(RaftStorage.StartupOption.RECOVER)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cluster member " + config.nodeId() + ": " + e.getMessage(), e);
        }
    }

    static RaftGroupId groupId(String name) {
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("letterbox:" + name).getBytes(StandardCharsets.UTF_8)));
    }

    private static RaftProperties properties(ClusterConfig config, Path storage, int maxRecordBytes) {
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(storage.toFile()));
        GrpcConfigKeys.Server.setHost(p, config.hostOf(config.nodeId()));
        GrpcConfigKeys.Server.setPort(p, config.portOf(config.nodeId()));
        // elections: quick enough for a failover within seconds, slow enough for a busy 2-core machine
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(config.electionTimeoutMillis(), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2L * config.electionTimeoutMillis(), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(10, TimeUnit.SECONDS));
        // an entry carries up to a whole message: every buffer on its way must take the largest one
        SizeInBytes entry = SizeInBytes.valueOf(Math.max(8L << 20, maxRecordBytes + (2L << 20)));
        RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(entry.getSize() + 64));
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(Math.max(32L << 20, 2 * entry.getSize())));
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, entry);
        GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf(entry.getSize() + (1L << 20)));
        // a log's records are read back (paging, a new leader's replay) from at most this many cached segments
        RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);
        // fsync=never: answer the leader before the fsync (Ratis' unsafe flush); otherwise each node has fsynced
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, !config.syncLog());
        // the broker's own memory budget bounds what it has in flight; Raft should not refuse below it
        RaftServerConfigKeys.Write.setElementLimit(p, 1 << 16);
        RaftServerConfigKeys.Write.setByteLimit(p, SizeInBytes.valueOf(1L << 30));
        // snapshots: asked for after every few entries, taken when released segments let the log shrink
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.max(1, config.snapshotThreshold() / 4));
        return p;
    }

    public void start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the cluster member " + config.nodeId() + ": " + e.getMessage(), e);
        }
    }

    RaftServer server() {
        return server;
    }

    RaftGroupId groupId() {
        return group.getGroupId();
    }

    RaftPeerId peerId() {
        return self;
    }

    JournalStateMachine stateMachine() {
        return stateMachine;
    }

    RaftServer.Division division() {
        try {
            return server.getDivision(group.getGroupId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RaftLog raftLog() {
        return division().getRaftLog();
    }

    public ClusterConfig config() {
        return config;
    }

    /** What the journal is, the same on every node of the cluster (clients see it as the broker's node id). */
    public String clusterId() {
        return "cluster-" + group.getGroupId().getUuid();
    }

    public boolean isLeader() {
        return division().getInfo().isLeader();
    }

    /** The leader's node id as this node knows it, or null while there is none. */
    public String leaderId() {
        RaftPeerId leader = division().getInfo().getLeaderId();
        return leader == null ? null : leader.toString();
    }

    /** This node's role, term and indexes, for status output. */
    public MemberStatus status() {
        DivisionInfo info = division().getInfo();
        RaftLog log = division().getRaftLog();
        return new MemberStatus(config.nodeId(), info.getCurrentRole().name(), info.getCurrentTerm(),
                log.getLastCommittedIndex(), info.getLastAppliedIndex(), leaderId());
    }

    /** Role, term, commit and applied index of a node. */
    public record MemberStatus(String nodeId, String role, long term, long commitIndex, long appliedIndex, String leader) {
    }

    public String describe() {
        return "node " + config.nodeId() + " of " + config.peers().keySet();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
