package org.letterbox.server.store;

import net.openhft.chronicle.bytes.Bytes;
import org.letterbox.protocol.WireXid;
import org.letterbox.server.destination.BrokerMessage;
import org.letterbox.server.store.log.JournalSyncStats;
import org.letterbox.server.store.log.RecordLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The broker's {@link MessageStore} as a journal of records ({@link JournalRecord}) over a {@link RecordLog}: what
 * the records mean — bindings, messages with the bindings they went to, deliveries, settles, transactions, replay,
 * space reclaim — is here; how they are kept (a Chronicle Queue, memory, later a replicated Raft log) is the log's.
 *
 * <p>Space is reclaimed a log segment at a time: the store counts the live message refs of each segment, and tells the
 * log to release the oldest segments with none, older than the one being written. Every segment starts with the live
 * bindings and counters again (a checkpoint), so a released segment takes nothing still needed with it. A transaction
 * keeps the segment of its first record while it is prepared; the refs it settles stay live until its commit marker
 * is written. Broker thread only.
 */
public final class JournaledStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(JournaledStore.class);

    private final RecordLog log;
    private final long replayKeepBytes;
    private final Map<String, Integer> queueIds = new HashMap<>();
    private final Map<Integer, Object> bindings = new LinkedHashMap<>(); // live: queue name or DurableSubscriptionRecord
    private int lastBindingId;
    private long lastTx;
    private long lastSequence;
    private long openTxId;                       // the transaction whose records were written but not yet committed
    private TxRefs openTx = new TxRefs();        // ... and what it means for space reclaim
    private final Map<Long, TxRefs> prepared = new HashMap<>(); // prepared XA branches, by transaction id
    private final TreeMap<Integer, long[]> liveRefs = new TreeMap<>(); // live message refs by log segment
    private int appendSegment = Integer.MIN_VALUE; // the segment of the last record appended
    private int checkpointSegment = Integer.MIN_VALUE;
    private boolean checkpointing;
    private boolean closed;
    private final Bytes<byte[]> scratch = Bytes.allocateElasticOnHeap(256); // the record being written

    /**
     * @param replayKeepBytes message bytes a replay keeps in memory (what a destination holds by default: beyond it the
     *                        broker pages, so more would only be dropped again); the rest is read back from the log
     */
    public JournaledStore(RecordLog log, long replayKeepBytes) {
        this.log = log;
        this.replayKeepBytes = replayKeepBytes;
    }

    @Override
    public long releasedSegments() {
        return log.releasedSegments();
    }

    @Override
    public JournalSyncStats syncStats() {
        return log.syncStats();
    }

    // ------------------------------------------------------------------ recovery

    @Override
    public void recover(Recovery recovery) {
        JournalReplay replay = new JournalReplay(replayKeepBytes);
        long started = System.nanoTime();
        log.replay(replay::read);
        // known before the broker sees the bindings: declaring a recovered queue must find its journaled id
        queueIds.putAll(replay.queueIds());
        bindings.putAll(replay.bindings());
        lastBindingId = replay.lastBindingId();
        lastTx = replay.lastTx();
        lastSequence = replay.lastSequence();
        replay.finish(recovery);
        replay.forEachLive((position, refs) -> live(position)[0] += refs);
        for (JournalReplay.Prepared branch : replay.prepared()) {
            keepPrepared(branch);
        }
        LOG.info("{}: replayed {} records in {} ms: {} messages on {} bindings", log.describe(), replay.records(),
                (System.nanoTime() - started) / 1_000_000, replay.liveMessages(), replay.liveBindings());
        if (replay.uncommitted() > 0) {
            LOG.info("{}: dropped {} records of transactions that never committed", log.describe(), replay.uncommitted());
        }
        if (!prepared.isEmpty()) {
            LOG.info("{}: {} prepared XA branch(es) await commit or rollback", log.describe(), prepared.size());
        }
    }

    /** A replayed prepared branch keeps its messages' refs and the segment of its first record, as when it was prepared. */
    private void keepPrepared(JournalReplay.Prepared branch) {
        TxRefs refs = new TxRefs();
        refs.wrote(branch.firstIndex());
        for (PreparedTransaction.Send send : branch.transaction().sends()) {
            refs.added(send.journalIndex(), send.bindingIds().length);
            live(send.journalIndex())[0] += send.bindingIds().length;
        }
        for (PreparedTransaction.Consumed consumed : branch.transaction().consumed()) {
            refs.settled(consumed.journalIndex());
        }
        pin(refs.firstIndex());
        prepared.put(branch.transaction().txId(), refs);
    }

    // ------------------------------------------------------------------ records

    @Override
    public int queueBinding(String queueName) {
        Integer id = queueIds.get(queueName);
        if (id != null) {
            return id;
        }
        int created = ++lastBindingId;
        queueIds.put(queueName, created);
        bindings.put(created, queueName);
        new JournalRecord.QueueBound(created, queueName).write(record());
        append(null);
        return created;
    }

    @Override
    public int subscriptionBinding(DurableSubscriptionRecord subscription) {
        int created = ++lastBindingId;
        bindings.put(created, subscription);
        new JournalRecord.DurableBound(created, subscription).write(record());
        append(null);
        return created;
    }

    @Override
    public void removeBinding(int bindingId) {
        if (bindingId == 0) {
            return;
        }
        queueIds.values().remove(bindingId);
        bindings.remove(bindingId);
        new JournalRecord.Unbound(bindingId).write(record());
        append(null);
    }

    @Override
    public void addMessage(long txId, BrokerMessage message, int[] bindingIds) {
        JournalRecord.MessageAdded.of(txId, message.sequence(), bindingIds, message.bytes()).write(record());
        long position = append(message.bytes());
        message.journalIndex(position);
        lastSequence = Math.max(lastSequence, message.sequence());
        live(position)[0] += bindingIds.length;
        if (txId != 0) {
            TxRefs refs = openTx(txId);
            refs.wrote(position);
            refs.added(position, bindingIds.length);
        }
    }

    @Override
    public boolean canPage() {
        return true;
    }

    @Override
    public byte[] readMessage(long journalIndex) {
        try {
            return JournalRecord.MessageAdded.bodyOf(log.read(journalIndex));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("journal record " + Long.toHexString(journalIndex) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delivered(long sequence, int bindingId, int deliveryCount) {
        new JournalRecord.Delivered(sequence, bindingId, deliveryCount).write(record());
        append(null);
    }

    @Override
    public void settle(long txId, long sequence, long journalIndex, int bindingId) {
        new JournalRecord.Settled(txId, sequence, bindingId).write(record());
        long position = append(null);
        if (txId == 0) {
            release(journalIndex);
            return;
        }
        TxRefs refs = openTx(txId); // the ref stays live until the commit marker is written
        refs.wrote(position);
        if (journalIndex >= 0) {
            refs.settled(journalIndex);
        }
    }

    @Override
    public long newTransaction() {
        return ++lastTx;
    }

    @Override
    public void commit(long txId) {
        if (txId == 0) {
            return;
        }
        TxRefs refs = prepared.remove(txId);
        if (refs == null && openTxId != txId) {
            return; // journaled nothing: nothing to commit
        }
        new JournalRecord.Committed(txId).write(record());
        append(null);
        if (refs == null) {
            refs = openTx;
            openTxId = 0;
        } else {
            release(refs.firstIndex()); // the pin of the prepared branch
        }
        refs.forEachSettled(this::release);
        refs.clear();
    }

    @Override
    public void prepare(long txId, WireXid xid) {
        new JournalRecord.Prepared(txId, xid).write(record());
        long position = append(null);
        TxRefs refs;
        if (openTxId == txId) {
            refs = openTx;
            openTx = new TxRefs();
            openTxId = 0;
        } else {
            refs = new TxRefs(); // a branch with nothing persistent: the prepare record is all there is
        }
        refs.wrote(position);
        pin(refs.firstIndex());
        prepared.put(txId, refs);
    }

    @Override
    public void rollback(long txId) {
        TxRefs refs = prepared.remove(txId);
        if (refs == null) {
            return;
        }
        new JournalRecord.RolledBack(txId).write(record());
        append(null);
        refs.forEachAddedRef(this::release); // its messages never go live; the refs it consumed stay
        release(refs.firstIndex());
    }

    @Override
    public String nodeId() {
        return log.identity();
    }

    /** The open transaction's space bookkeeping, started afresh when a new transaction writes its first record. */
    private TxRefs openTx(long txId) {
        if (openTxId != txId) {
            openTxId = txId;
            openTx.clear();
        }
        return openTx;
    }

    // ------------------------------------------------------------------ space

    /** The live ref count of the segment of {@code position}. */
    private long[] live(long position) {
        return liveRefs.computeIfAbsent(log.segmentOf(position), s -> new long[1]);
    }

    /** Keeps the segment of {@code position} (and so every later one) until {@link #release} of the same position. */
    private void pin(long position) {
        live(position)[0]++;
    }

    /** One live ref in the segment of {@code position} is gone; a segment left with none may be reclaimed. */
    private void release(long position) {
        if (position < 0) {
            return;
        }
        int segment = log.segmentOf(position);
        long[] live = liveRefs.get(segment);
        if (live != null && --live[0] <= 0) {
            liveRefs.remove(segment);
            if (segment < appendSegment) {
                reclaim();
            }
        }
    }

    /** Releases the oldest segments, older than the one being written, whose messages are all settled. */
    private void reclaim() {
        int oldestLive = liveRefs.isEmpty() ? Integer.MAX_VALUE : liveRefs.firstKey();
        log.releaseSegmentsBefore(Math.min(oldestLive, appendSegment));
    }

    // ------------------------------------------------------------------ appending

    /** The scratch buffer, cleared, for the next record. */
    private Bytes<byte[]> record() {
        scratch.clear();
        return scratch;
    }

    /** Appends the record in scratch, followed by {@code tail} (a message's bytes, or null); returns its position. */
    private long append(byte[] tail) {
        if (closed) {
            throw new IllegalStateException("the journal is closed");
        }
        if (!checkpointing && log.currentSegment() != checkpointSegment) {
            checkpoint();
        }
        long position = log.append(scratch.underlyingObject(), (int) scratch.writePosition(), tail);
        int segment = log.segmentOf(position);
        if (segment != appendSegment) {
            appendSegment = segment;
            reclaim();
        }
        return position;
    }

    /**
     * The first records of each segment (as this broker sees it) repeat every live binding and the counters, so a
     * segment whose messages are all settled can go even if it held those records.
     */
    private void checkpoint() {
        checkpointing = true;
        try {
            checkpointSegment = log.currentSegment();
            byte[] saved = java.util.Arrays.copyOf(scratch.underlyingObject(), (int) scratch.writePosition());
            for (Map.Entry<Integer, Object> binding : bindings.entrySet()) {
                if (binding.getValue() instanceof String name) {
                    new JournalRecord.QueueBound(binding.getKey(), name).write(record());
                } else {
                    new JournalRecord.DurableBound(binding.getKey(), (DurableSubscriptionRecord) binding.getValue())
                            .write(record());
                }
                append(null);
            }
            new JournalRecord.Counters(lastSequence, lastTx, lastBindingId).write(record());
            append(null);
            record().write(saved);
        } finally {
            checkpointing = false;
        }
    }

    // ------------------------------------------------------------------ durability

    @Override
    public void whenDurable(Runnable task) {
        log.whenDurable(task);
    }

    @Override
    public String describe() {
        return log.describe();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.close();
    }

    @Override
    public String toString() {
        return describe();
    }
}
