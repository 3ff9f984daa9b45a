package org.letterbox.server.cluster;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * The Raft state machine of a Letterbox node: it does not run the broker (only the leader does, over a
 * {@link RaftRecordLog}), it keeps track of the journal records every committed entry brings ({@link AppliedLog}) so
 * that whichever node leads next can replay them at once, and it takes the snapshots that let Raft purge its log:
 * a snapshot only says which segments the store released, because every record still needed is in the log after it.
 */
final class JournalStateMachine extends BaseStateMachine {

    /** Told when this node may start serving, and when it must stop. Called on Raft's threads: do not block. */
    interface RoleListener {
        void leaderReady();

        void notLeader();

        /** Another node leads now ({@code leader} null while none does). */
        default void follows(String leader) {
        }
    }

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final AppliedLog applied = new AppliedLog();
    private final RoleListener roles;
    private volatile long lastSnapshotIndex = -1;
    private long lastPurgeableSeen = -1; // Ratis asks after every entry while the log is long: look only on a change
    private volatile File raftLogDirectory;

    JournalStateMachine(RoleListener roles) {
        this.roles = roles;
    }

    AppliedLog applied() {
        return applied;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        raftLogDirectory = raftStorage.getStorageDir().getCurrentDir();
        reinitialize();
    }

    @Override
    public void reinitialize() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
        if (snapshot == null) {
            applied.restore(0, null);
            return;
        }
        File file = snapshot.getFile().getPath().toFile();
        if (snapshot.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(file, snapshot.getFile().getFileDigest());
        }
        ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(file.toPath()));
        if (content.remaining() < 4) {
            throw new IOException("snapshot " + file + " is cut short");
        }
        applied.restore(content.getInt(), snapshot.getTermIndex());
        updateLastAppliedTermIndex(snapshot.getTermIndex());
        lastSnapshotIndex = snapshot.getIndex();
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        TermIndex before = getLastAppliedTermIndex();
        TermIndex at = TermIndex.valueOf(entry);
        ByteBuffer data = entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer();
        try {
            switch (ClusterEntry.kind(data)) {
                case ClusterEntry.RECORDS -> applied.recordsApplied(at, before, ClusterEntry.firstPosition(data),
                        ClusterEntry.count(data));
                case ClusterEntry.RELEASE -> applied.released(at, ClusterEntry.releasedSegment(data));
                default -> throw new IllegalStateException("unknown cluster entry kind " + ClusterEntry.kind(data));
            }
        } catch (RuntimeException e) {
            // every node sees the same entries: one that makes no sense here makes none anywhere, so stop applying
            return CompletableFuture.failedFuture(e);
        }
        updateLastAppliedTermIndex(at);
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    /**
     * A snapshot (its content: the oldest kept segment) at the end of the last closed Raft log segment before the
     * oldest kept record, taken only when that point has moved since the last one; otherwise -1, no snapshot.
     *
     * <p>Why a Raft segment's end: Raft purges whole segments up to the snapshot, so the log then starts right after
     * the snapshot, and a follower that has everything before the log's start finds its last entry in the snapshot.
     * With a snapshot inside a segment, Ratis 3.2 cannot send entries to a follower whose next entry is the first one
     * kept (it looks for the one before and finds neither it nor the snapshot; RATIS-1707).
     */
    @Override
    public long takeSnapshot() throws IOException {
        TermIndex purgeable = applied.purgeable();
        if (purgeable == null || purgeable.getIndex() == lastPurgeableSeen) {
            return -1;
        }
        lastPurgeableSeen = purgeable.getIndex();
        long end = lastClosedRaftSegmentEnd(Math.min(purgeable.getIndex(), getLastAppliedTermIndex().getIndex()));
        if (end <= lastSnapshotIndex) {
            return -1;
        }
        TermIndex upTo = getServer().join().getDivision(getGroupId()).getRaftLog().getTermIndex(end);
        if (upTo == null) {
            return -1;
        }
        File file = storage.getSnapshotFile(upTo.getTerm(), upTo.getIndex());
        Files.write(file.toPath(), ByteBuffer.allocate(4).putInt(applied.firstKeptSegment()).array());
        FileInfo info = new FileInfo(file.toPath(), MD5FileUtil.computeAndSaveMd5ForFile(file));
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(info, upTo));
        lastSnapshotIndex = upTo.getIndex();
        return upTo.getIndex();
    }

    /** The last index of the latest closed Raft log segment ending at or before {@code index}; -1 if none. */
    private long lastClosedRaftSegmentEnd(long index) {
        String[] names = raftLogDirectory == null ? null : raftLogDirectory.list();
        long best = -1;
        if (names != null) {
            for (String name : names) {
                java.util.regex.Matcher closed = CLOSED_RAFT_SEGMENT.matcher(name);
                if (closed.matches()) {
                    long end = Long.parseLong(closed.group(2));
                    if (end <= index && end > best) {
                        best = end;
                    }
                }
            }
        }
        return best;
    }

    /** How Ratis names a closed segment of its log: log_START-END. */
    private static final java.util.regex.Pattern CLOSED_RAFT_SEGMENT = java.util.regex.Pattern.compile("log_(\\d+)-(\\d+)");

    @Override
    public void notifyLeaderReady() {
        roles.leaderReady();
    }

    @Override
    public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
        roles.notLeader();
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
        if (!member.getPeerId().equals(newLeader)) {
            roles.notLeader();
            roles.follows(newLeader == null ? null : newLeader.toString());
        }
    }
}
