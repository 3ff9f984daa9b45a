package org.letterbox.server.cluster;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.letterbox.server.store.log.RecordLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link RecordLog} of a cluster's leader: records go into the Raft log, replicated to the other nodes, and count
 * as durable once a majority has them (each node fsyncs its Raft log before it answers). The leader assigns each record
 * its position as it is appended (append stays synchronous, as the store needs) and carries it in the entry; the
 * records appended during one turn of the owner's thread travel as one entry. Every node keeps track of where each
 * position is ({@link AppliedLog}), so whichever node leads next replays the same records from its own copy of the log.
 *
 * <p>A segment is a run of positions the leader closes after {@code segmentBytes} of records; a new leader goes on in
 * the last one. Releasing segments is itself an entry, so every node knows how much of its Raft log a snapshot may purge.
 *
 * <p>If an entry cannot be committed (this node is no longer the leader, or Raft refused it), nothing appended after it
 * can count either: the log fails, never confirms anything again, and tells {@code lost} once, on the owner's thread.
 */
public final class RaftRecordLog implements RecordLog {
    private static final Logger LOG = LoggerFactory.getLogger(RaftRecordLog.class);
    /** Records appended in one turn are sent as one entry, up to about this size (a larger record goes alone). */
    static final int BATCH_BYTES = 1 << 20;

    private final ClusterMember member;
    private final Executor owner;
    private final long segmentBytesLimit;
    private final Consumer<Throwable> lost;
    private final AppliedLog applied;
    private final ClientId clientId = ClientId.randomId();
    private long callId;

    private int segment;
    private long ordinal;
    private long segmentBytes;
    private boolean rollPending;
    private int releasedBefore;
    private long releasedSegments;

    private ClusterEntry.Batch batch;
    private boolean flushScheduled;
    private final TreeMap<Long, byte[]> unapplied = new TreeMap<>(); // appended, maybe not applied here yet
    private long submitted;                                           // entries sent to Raft
    private long committed;                                           // every entry up to this one is committed
    private final TreeSet<Long> committedAhead = new TreeSet<>();     // committed, but an earlier one is not yet
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final List<CompletableFuture<RaftClientReply>> inFlight = new ArrayList<>();
    private Throwable failure;
    private boolean appendedAny;
    private boolean closed;

    private record Waiter(long entry, Runnable task) {
    }

    /**
     * @param member            the local Raft member, which must be the leader, ready (every earlier entry applied)
     * @param owner             the thread the store calls from; completions run on it
     * @param segmentBytesLimit how many bytes of records a segment holds before the next one starts
     * @param lost              told (on the owner's thread) when this log stops being able to confirm anything
     */
    public RaftRecordLog(ClusterMember member, Executor owner, long segmentBytesLimit, Consumer<Throwable> lost) {
        this.member = member;
        this.owner = owner;
        this.segmentBytesLimit = segmentBytesLimit;
        this.lost = lost;
        this.applied = member.stateMachine().applied();
        // go on where the last leader's committed records end: positions keep growing, and the last segment stays
        // the current one (what it held may still be live); its size is not known here, so it counts from zero
        long last = applied.lastPosition();
        this.segment = Math.max(1, ClusterEntry.segmentOf(last));
        this.ordinal = ClusterEntry.segmentOf(last) == segment ? (last & 0xFFFF_FFFFL) + 1 : 0;
        this.releasedBefore = applied.firstKeptSegment();
    }

    // ------------------------------------------------------------------ writing

    @Override
    public long append(byte[] head, int headLength, byte[] tail) {
        if (closed) {
            throw new IllegalStateException("the journal is closed");
        }
        if (failure != null) {
            throw new IllegalStateException("this node cannot write to the cluster's log any more: " + failure.getMessage(),
                    failure);
        }
        appendedAny = true;
        if (rollPending) {
            flush(); // an entry's records have consecutive positions, so one never spans two segments
            segment++;
            ordinal = 0;
            segmentBytes = 0;
            rollPending = false;
        }
        long position = ClusterEntry.position(segment, ordinal++);
        int length = headLength + (tail == null ? 0 : tail.length);
        if (batch != null && batch.length() + length > BATCH_BYTES) {
            flush();
        }
        if (batch == null) {
            batch = new ClusterEntry.Batch(position, Math.min(BATCH_BYTES, length + 64));
        }
        batch.add(head, headLength, tail);
        byte[] record = new byte[length];
        System.arraycopy(head, 0, record, 0, headLength);
        if (tail != null) {
            System.arraycopy(tail, 0, record, headLength, tail.length);
        }
        unapplied.put(position, record);
        segmentBytes += length;
        if (segmentBytes >= segmentBytesLimit) {
            rollPending = true;
        }
        if (!flushScheduled) {
            flushScheduled = true;
            owner.execute(this::flush);
        }
        return position;
    }

    @Override
    public void releaseSegmentsBefore(int segment) {
        int upTo = Math.min(segment, currentSegment());
        if (upTo <= releasedBefore || failure != null || closed) {
            return;
        }
        flush();
        releasedSegments += upTo - Math.max(releasedBefore, 1);
        releasedBefore = upTo;
        submit(ClusterEntry.release(upTo), ClusterEntry.release(upTo).length, -1, -1);
    }

    /** Sends the records of this turn as one entry. */
    private void flush() {
        flushScheduled = false;
        if (batch == null) {
            return;
        }
        ClusterEntry.Batch sending = batch;
        batch = null;
        submit(sending.finish(), sending.length(), sending.firstPosition(), sending.lastPosition());
    }

    private void submit(byte[] bytes, int length, long firstPosition, long lastPosition) {
        if (failure != null) {
            return;
        }
        long entry = ++submitted;
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(member.peerId())
                .setGroupId(member.groupId())
                .setCallId(++callId)
                .setMessage(Message.valueOf(UnsafeByteOperations.unsafeWrap(bytes, 0, length)))
                .setType(RaftClientRequest.writeRequestType())
                .build();
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = member.server().submitClientRequestAsync(request);
        } catch (Exception e) {
            fail(e);
            return;
        }
        if (reply.isDone()) {
            // refused at once (not the leader, too many pending): fail before anything later is sent after it
            Throwable refused = refusal(reply);
            if (refused != null) {
                fail(refused);
                return;
            }
        }
        inFlight.add(reply);
        reply.whenComplete((r, e) -> owner.execute(() -> completed(entry, firstPosition, lastPosition, reply, r, e)));
    }

    private static Throwable refusal(CompletableFuture<RaftClientReply> reply) {
        try {
            RaftClientReply r = reply.getNow(null);
            return r == null || r.isSuccess() ? null
                    : r.getException() != null ? r.getException() : new IllegalStateException("refused: " + r);
        } catch (RuntimeException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    private void completed(long entry, long firstPosition, long lastPosition, CompletableFuture<RaftClientReply> future,
                           RaftClientReply reply, Throwable error) {
        inFlight.remove(future);
        if (firstPosition >= 0) {
            unapplied.subMap(firstPosition, true, lastPosition, true).clear();
        }
        if (error == null && !reply.isSuccess()) {
            error = reply.getException() != null ? reply.getException() : new IllegalStateException("refused: " + reply);
        }
        if (error != null) {
            fail(error);
            return;
        }
        if (entry == committed + 1) {
            committed = entry;
            while (!committedAhead.isEmpty() && committedAhead.first() == committed + 1) {
                committed = committedAhead.pollFirst();
            }
        } else {
            committedAhead.add(entry);
        }
        runWaiters();
    }

    private void fail(Throwable cause) {
        if (failure != null) {
            return;
        }
        failure = cause;
        waiters.clear(); // they wait for something that will not be confirmed here
        LOG.warn("cluster log on {} failed, nothing more is confirmed here: {}", member.peerId(), cause.toString());
        lost.accept(cause);
    }

    // ------------------------------------------------------------------ durability

    @Override
    public void whenDurable(Runnable task) {
        if (failure != null) {
            return; // never: this node will not confirm anything again
        }
        long entry = batch != null ? submitted + 1 : submitted;
        waiters.add(new Waiter(entry, task));
        runWaiters();
    }

    private void runWaiters() {
        while (!waiters.isEmpty() && waiters.peekFirst().entry() <= committed) {
            waiters.pollFirst().task().run();
        }
    }

    // ------------------------------------------------------------------ reading

    @Override
    public byte[] read(long position) {
        byte[] pending = unapplied.get(position);
        if (pending != null) {
            return pending.clone();
        }
        if (ClusterEntry.segmentOf(position) < releasedBefore) {
            throw new IllegalStateException("record " + Long.toHexString(position) + " was released");
        }
        long index = applied.entryOf(position);
        byte[] record = index < 0 ? null : ClusterEntry.read(entry(index), position);
        if (record == null) {
            throw new IllegalStateException("record " + Long.toHexString(position) + " is not in the cluster's log");
        }
        return record;
    }

    @Override
    public void replay(Reader reader) {
        if (appendedAny) {
            throw new IllegalStateException("replay comes before the first append");
        }
        for (long index : applied.keptEntries()) {
            ByteBuffer entry = entry(index);
            if (!ClusterEntry.forEachRecord(entry, reader::record)) {
                throw new IllegalStateException("a record of cluster log entry " + index + " makes no sense to the store");
            }
        }
    }

    private ByteBuffer entry(long index) {
        RaftLog log = member.raftLog();
        try {
            LogEntryProto entry = log.get(index);
            if (entry == null) {
                throw new IllegalStateException("cluster log entry " + index + " is not there any more");
            }
            return entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer();
        } catch (org.apache.ratis.server.raftlog.RaftLogIOException e) {
            throw new IllegalStateException("cannot read cluster log entry " + index + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ segments

    @Override
    public int segmentOf(long position) {
        return ClusterEntry.segmentOf(position);
    }

    @Override
    public int currentSegment() {
        return rollPending ? segment + 1 : segment;
    }

    @Override
    public long releasedSegments() {
        return releasedSegments;
    }

    @Override
    public String identity() {
        return member.clusterId();
    }

    @Override
    public String describe() {
        return "cluster log on " + member.describe();
    }

    /** Sends what is pending and waits (a bounded time) for what was sent, so a store opened next sees all of it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        CompletableFuture<?>[] pending = inFlight.toArray(new CompletableFuture<?>[0]);
        try {
            CompletableFuture.allOf(pending).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("cluster log closed with entries unconfirmed: {}", e.toString());
        }
    }
}
