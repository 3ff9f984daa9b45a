package org.letterbox.server.store.chronicle;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.letterbox.protocol.WireXid;
import org.letterbox.server.CriticalFailure;
import org.letterbox.server.destination.BrokerMessage;
import org.letterbox.server.destination.Destinations;
import org.letterbox.server.store.DurableSubscriptionRecord;
import org.letterbox.server.store.FsyncPolicy;
import org.letterbox.server.store.MessageStore;
import org.letterbox.server.store.PreparedTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.zip.CRC32;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The broker's journal on Chronicle Queue: one append-only log in {@code DIR/journal} of the records of
 * {@link MessageStore} ({@link JournalRecords}), appended on the broker thread (a memory-mapped write),
 * made durable per {@link FsyncPolicy} (group commit by {@link JournalSyncer} for {@code batch}), and
 * replayed on start by {@link JournalReplay}. A lock file keeps a second broker off the same directory.
 */
public final class ChronicleStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleStore.class);

    static {
        disableChronicleAnalytics();
    }

    /** Journal files roll hourly unless told otherwise (a settled hour's file is then deleted). */
    public static final RollCycle DEFAULT_ROLL_CYCLE = RollCycles.FAST_HOURLY;

    private final Path directory;
    private final FsyncPolicy fsync;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final JournalSyncer syncer;
    private ExcerptAppender appender;
    private ExcerptTailer reader; // reads paged messages back (broker thread)
    private int appenderCycle = Integer.MIN_VALUE;
    private int checkpointCycle = Integer.MIN_VALUE;
    private boolean checkpointing;
    private final Map<String, Integer> queueIds = new HashMap<>();
    private final Map<Integer, Object> bindings = new LinkedHashMap<>(); // live: queue name or DurableSubscriptionRecord
    private int lastBindingId;
    private long lastTx;
    private long lastSequence;
    private long openTxId;                       // the transaction whose records were written but not yet committed
    private TxRefs openTx = new TxRefs();        // ... and what it means for space reclaim
    private final Map<Long, TxRefs> prepared = new HashMap<>(); // prepared XA branches, by transaction id
    private final String nodeId;
    private long written;           // records appended so far
    private boolean closed;
    // space reclaim: live message refs per cycle, and the cycle files Chronicle has opened
    private final Map<Integer, long[]> liveRefs = new HashMap<>();
    private final ConcurrentSkipListMap<Integer, File> cycleFiles = new ConcurrentSkipListMap<>();
    private long deletedFiles;
    // record encoding: the record goes to scratch first, then to the journal with a CRC-32 of it
    private final Bytes<byte[]> scratch = Bytes.allocateElasticOnHeap(256);
    private final CRC32 crc = new CRC32();

    /** The broker must never contact an outside host: set before any Chronicle class initialises. */
    public static void disableChronicleAnalytics() {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
    }

    /**
     * Opens (creating if needed) the journal under {@code dataDirectory}; completions run on {@code brokerThread}.
     * @throws IllegalStateException when another broker holds the directory
     */
    public static ChronicleStore open(Path dataDirectory, FsyncPolicy fsync, Executor brokerThread) {
        return open(dataDirectory, fsync, brokerThread, null);
    }

    /** As {@link #open(Path, FsyncPolicy, Executor)}, with the journal's roll cycle (null: {@link #DEFAULT_ROLL_CYCLE}). */
    public static ChronicleStore open(Path dataDirectory, FsyncPolicy fsync, Executor brokerThread, RollCycle rollCycle) {
        return open(dataDirectory, fsync, brokerThread, rollCycle, 64 * 1024 * 1024,
                new CriticalFailure(CriticalFailure.Policy.STOP, () -> { }));
    }

    /**
     * As {@link #open(Path, FsyncPolicy, Executor, RollCycle)}: the journal takes messages as large as fit in a
     * frame of {@code maxFrameSize} bytes, and a failed fsync is a {@code critical} failure.
     */
    public static ChronicleStore open(Path dataDirectory, FsyncPolicy fsync, Executor brokerThread, RollCycle rollCycle,
                                      int maxFrameSize, CriticalFailure critical) {
        return new ChronicleStore(dataDirectory, fsync, brokerThread, rollCycle, maxFrameSize, critical);
    }

    /**
     * The journal's mapping block size for messages up to {@code maxFrameSize}: Chronicle takes a record of at most a
     * quarter of a block, so a block holds four of the largest records (a frame's message plus the record header and
     * its bindings, within a mebibyte), and never less than Chronicle's own default of 64 MiB. Blocks are mapped
     * lazily and the file is sparse: a larger block costs address space, not disk or memory.
     */
    static long blockSizeFor(int maxFrameSize) {
        long record = (long) maxFrameSize + 1024 * 1024;
        long mebibytes = (4 * record + (1 << 20) - 1) >> 20;
        return Math.max(64L << 20, mebibytes << 20);
    }

    /** A roll cycle by name: a constant of {@link RollCycles} (e.g. FAST_HOURLY, FAST_DAILY) or TEST_SECONDLY. */
    public static RollCycle rollCycle(String name) {
        String n = name.strip().toUpperCase(java.util.Locale.ROOT);
        for (RollCycles c : RollCycles.values()) {
            if (c.name().equals(n)) {
                return c;
            }
        }
        for (TestRollCycles c : TestRollCycles.values()) {
            if (c.name().equals(n)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown journal roll cycle '" + name + "' (e.g. FAST_HOURLY, FAST_DAILY, TEST_SECONDLY)");
    }

    private ChronicleStore(Path dataDirectory, FsyncPolicy fsync, Executor brokerThread, RollCycle rollCycle,
                           int maxFrameSize, CriticalFailure critical) {
        this.directory = dataDirectory.resolve("journal");
        this.fsync = fsync;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(dataDirectory.resolve("broker.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock acquired;
            try {
                acquired = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                acquired = null;
            }
            if (acquired == null) {
                lockChannel.close();
                throw new IllegalStateException("data directory " + dataDirectory + " is in use by another broker");
            }
            lock = acquired;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open data directory " + dataDirectory + ": " + e.getMessage(), e);
        }
        try {
            nodeId = NodeId.loadOrCreate(dataDirectory);
        } catch (RuntimeException e) {
            releaseLock();
            throw e;
        }
        disableChronicleAnalytics();
        RollCycle cycle = rollCycle != null ? rollCycle : DEFAULT_ROLL_CYCLE;
        try {
            JournalFileCheck.beforeOpen(directory);
            queue = SingleChronicleQueueBuilder.binary(directory)
                    .rollCycle(cycle)
                    .blockSize(blockSizeFor(maxFrameSize))
                    .storeFileListener(new StoreFileListener() {
                        @Override
                        public void onAcquired(int c, File file) {
                            if (file != null && file.getName().endsWith(SingleChronicleQueue.SUFFIX)) {
                                cycleFiles.put(c, file);
                            }
                        }

                        @Override
                        public void onReleased(int c, File file) {
                        }

                        @Override
                        public boolean isActive() {
                            return true;
                        }
                    })
                    .build();
        } catch (RuntimeException e) {
            releaseLock();
            throw e;
        }
        this.rollCycle = queue.rollCycle();
        syncer = new JournalSyncer(directory, brokerThread, fsync == FsyncPolicy.BATCH, critical);
    }

    public Path directory() {
        return directory;
    }

    public FsyncPolicy fsync() {
        return fsync;
    }

    /** Journal cycle files deleted since start because every message in them was settled. */
    public long deletedFiles() {
        return deletedFiles;
    }

    // ------------------------------------------------------------------ recovery

    @Override
    public void recover(Recovery recovery) {
        JournalFileCheck.afterOpen(queue); // a cycle file cut short would otherwise replay as a shorter journal
        // Bodies are kept up to what a destination holds in memory by default: past it the broker pages (so a
        // body copied now would only be dropped, after costing a GC copy), and it reads back any others it wants.
        JournalReplay replay = new JournalReplay(Destinations.defaultMemoryLimit());
        long started = System.nanoTime();
        long lastIndex = -1;
        String unreadableTail = null;
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.singleThreadedCheckDisabled(true);
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    if (dc.isMetaData()) {
                        continue;
                    }
                    lastIndex = dc.index();
                    replay.read(dc.wire().bytes(), lastIndex);
                } catch (RuntimeException e) {
                    // Chronicle itself cannot go on (a damaged excerpt header): what follows is unreachable
                    unreadableTail = e.toString();
                    break;
                }
            }
        }
        if (replay.damageInMiddle() >= 0) {
            throw new IllegalStateException("journal " + directory + " is damaged in the middle: record at index "
                    + Long.toHexString(replay.damageInMiddle()) + " (cycle " + rollCycle.toCycle(replay.damageInMiddle())
                    + ") is unreadable but valid records follow it, so the state cannot be rebuilt safely. "
                    + "The broker does not start; restore the data directory from a backup, or move the journal "
                    + "away to start empty.");
        }
        if (unreadableTail != null) {
            LOG.warn("journal {}: reading stopped after index {}: {}; what follows is skipped",
                    directory, Long.toHexString(lastIndex), unreadableTail);
        }
        // known before the broker sees the bindings: declaring a recovered queue must find its journaled id
        queueIds.putAll(replay.queueIds());
        bindings.putAll(replay.bindings());
        lastBindingId = replay.lastBindingId();
        lastTx = replay.lastTx();
        lastSequence = replay.lastSequence();
        if (!replay.damagedTail().isEmpty()) {
            long upTo = replay.damagedTail().get(replay.damagedTail().size() - 1);
            LOG.warn("journal {}: skipped {} damaged record(s) at its end (indexes {} to {}); every complete record "
                    + "before them was recovered", directory, replay.damagedTail().size(),
                    Long.toHexString(replay.damagedTail().get(0)), Long.toHexString(upTo));
            checkpointing = true; // this marker first: the next start must know these were seen
            try {
                JournalRecords.writeDamage(record(), upTo);
                append(null);
            } finally {
                checkpointing = false;
            }
        }
        replay.finish(recovery);
        replay.forEachLive((index, refs) -> liveRefs.computeIfAbsent(rollCycle.toCycle(index), c -> new long[1])[0] += refs);
        for (JournalReplay.Prepared branch : replay.prepared()) {
            keepPrepared(branch);
        }
        LOG.info("journal {}: replayed {} records in {} ms: {} messages on {} bindings{}", directory, replay.records(),
                (System.nanoTime() - started) / 1_000_000, replay.liveMessages(), replay.liveBindings(),
                replay.skipped() == 0 ? "" : "; SKIPPED " + replay.skipped() + " damaged records at the end of the journal "
                        + "(a write cut short by a crash or power loss)");
        if (replay.uncommitted() > 0) {
            LOG.info("journal {}: dropped {} records of transactions that never committed", directory, replay.uncommitted());
        }
        if (!prepared.isEmpty()) {
            LOG.info("journal {}: {} prepared XA branch(es) await commit or rollback", directory, prepared.size());
        }
    }

    /** A replayed prepared branch keeps its messages' refs and the cycle of its first record, as when it was prepared. */
    private void keepPrepared(JournalReplay.Prepared branch) {
        TxRefs refs = new TxRefs();
        refs.wrote(branch.firstIndex());
        for (PreparedTransaction.Send send : branch.transaction().sends()) {
            refs.added(send.journalIndex(), send.bindingIds().length);
            liveRefs.computeIfAbsent(rollCycle.toCycle(send.journalIndex()), c -> new long[1])[0] += send.bindingIds().length;
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
        JournalRecords.writeQueue(record(), created, queueName);
        append(null);
        return created;
    }

    @Override
    public int subscriptionBinding(DurableSubscriptionRecord subscription) {
        int created = ++lastBindingId;
        bindings.put(created, subscription);
        JournalRecords.writeDurable(record(), created, subscription);
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
        JournalRecords.writeUnbind(record(), bindingId);
        append(null);
    }

    @Override
    public void addMessage(long txId, BrokerMessage message, int[] bindingIds) {
        JournalRecords.writeMessageHeader(record(), txId, message.sequence(), bindingIds, message.bytes());
        long index = append(message.bytes());
        message.journalIndex(index);
        lastSequence = Math.max(lastSequence, message.sequence());
        liveRefs.computeIfAbsent(rollCycle.toCycle(index), c -> new long[1])[0] += bindingIds.length;
        if (txId != 0) {
            TxRefs refs = openTx(txId);
            refs.wrote(index);
            refs.added(index, bindingIds.length);
        }
    }

    @Override
    public boolean canPage() {
        return true;
    }

    @Override
    public byte[] readMessage(long journalIndex) {
        if (reader == null) {
            reader = queue.createTailer();
            reader.singleThreadedCheckDisabled(true);
        }
        // reading on in journal order (recovery, paging in) needs no index look-up
        if (reader.index() != journalIndex && !reader.moveToIndex(journalIndex)) {
            throw new IllegalStateException("journal record " + Long.toHexString(journalIndex) + " is not there");
        }
        try (DocumentContext dc = reader.readingDocument()) {
            if (!dc.isPresent() || dc.index() != journalIndex) {
                throw new IllegalStateException("journal record " + Long.toHexString(journalIndex) + " cannot be read");
            }
            Bytes<?> in = dc.wire().bytes();
            int payload = (int) in.readRemaining() - 4;
            byte[] record = new byte[Math.max(0, payload)];
            in.read(record);
            int stored = in.readInt();
            crc.reset();
            crc.update(record);
            if ((int) crc.getValue() != stored) {
                throw new IllegalStateException("journal record " + Long.toHexString(journalIndex) + " is damaged (checksum)");
            }
            Bytes<byte[]> view = Bytes.wrapForRead(record);
            if (view.readByte() != JournalRecords.MESSAGE) {
                throw new IllegalStateException("journal record " + Long.toHexString(journalIndex) + " is not a message");
            }
            view.readSkip(16); // tx, sequence
            view.readSkip(4L * view.readInt());
            byte[] bytes = new byte[view.readInt()];
            view.read(bytes);
            return bytes;
        }
    }

    @Override
    public void delivered(long sequence, int bindingId, int deliveryCount) {
        JournalRecords.writeDelivered(record(), sequence, bindingId, deliveryCount);
        append(null);
    }

    @Override
    public void settle(long txId, long sequence, long journalIndex, int bindingId) {
        JournalRecords.writeSettle(record(), txId, sequence, bindingId);
        long index = append(null);
        if (txId == 0) {
            release(journalIndex);
            return;
        }
        TxRefs refs = openTx(txId); // the ref stays live until the commit marker is written
        refs.wrote(index);
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
        JournalRecords.writeCommit(record(), txId);
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
        JournalRecords.writePrepare(record(), txId, xid);
        long index = append(null);
        TxRefs refs;
        if (openTxId == txId) {
            refs = openTx;
            openTx = new TxRefs();
            openTxId = 0;
        } else {
            refs = new TxRefs(); // a branch with nothing persistent: the prepare record is all there is
        }
        refs.wrote(index);
        pin(refs.firstIndex());
        prepared.put(txId, refs);
    }

    @Override
    public void rollback(long txId) {
        TxRefs refs = prepared.remove(txId);
        if (refs == null) {
            return;
        }
        JournalRecords.writeRollback(record(), txId);
        append(null);
        refs.forEachAddedRef(this::release); // its messages never go live; the refs it consumed stay
        release(refs.firstIndex());
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    /** The open transaction's space bookkeeping, started afresh when a new transaction writes its first record. */
    private TxRefs openTx(long txId) {
        if (openTxId != txId) {
            openTxId = txId;
            openTx.clear();
        }
        return openTx;
    }

    /** Keeps the cycle of {@code journalIndex} (and so every later one) until {@link #release} of the same index. */
    private void pin(long journalIndex) {
        liveRefs.computeIfAbsent(rollCycle.toCycle(journalIndex), c -> new long[1])[0]++;
    }

    /** One live ref in the cycle of {@code journalIndex} is gone; a cycle left with none may be deleted. */
    private void release(long journalIndex) {
        if (journalIndex < 0) {
            return;
        }
        int cycle = rollCycle.toCycle(journalIndex);
        long[] live = liveRefs.get(cycle);
        if (live != null && --live[0] <= 0) {
            liveRefs.remove(cycle);
            if (cycle < appenderCycle) {
                reclaim();
            }
        }
    }

    /** The scratch buffer, cleared, for the next record. */
    private Bytes<byte[]> record() {
        scratch.clear();
        return scratch;
    }

    /**
     * Appends the record in scratch, followed by {@code tail} (a message's bytes, or null), and a CRC-32 of
     * both. Returns its journal index.
     */
    private long append(byte[] tail) {
        if (closed) {
            throw new IllegalStateException("the journal is closed");
        }
        if (!checkpointing && queue.cycle() != checkpointCycle) {
            checkpoint();
        }
        int length = (int) scratch.writePosition();
        byte[] head = scratch.underlyingObject();
        crc.reset();
        crc.update(head, 0, length);
        if (tail != null) {
            crc.update(tail);
        }
        int sum = (int) crc.getValue();
        if (appender == null) {
            appender = queue.createAppender();
            appender.singleThreadedCheckDisabled(true);
        }
        long index;
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> out = dc.wire().bytes();
            out.write(head, 0, length);
            if (tail != null) {
                out.write(tail);
            }
            out.writeInt(sum);
        }
        index = appender.lastIndexAppended();
        afterWrite();
        return index;
    }

    /**
     * The first record of each cycle (as this broker sees it) is preceded by every live binding and the
     * counters again, so a cycle file whose messages are all settled can go even if it held those records.
     */
    private void checkpoint() {
        checkpointing = true;
        try {
            checkpointCycle = queue.cycle();
            byte[] saved = java.util.Arrays.copyOf(scratch.underlyingObject(), (int) scratch.writePosition());
            for (Map.Entry<Integer, Object> binding : bindings.entrySet()) {
                if (binding.getValue() instanceof String name) {
                    JournalRecords.writeQueue(record(), binding.getKey(), name);
                } else {
                    JournalRecords.writeDurable(record(), binding.getKey(), (DurableSubscriptionRecord) binding.getValue());
                }
                append(null);
            }
            JournalRecords.writeCounters(record(), lastSequence, lastTx, lastBindingId);
            append(null);
            record().write(saved);
        } finally {
            checkpointing = false;
        }
    }

    private void afterWrite() {
        written++;
        int cycle = appender.cycle();
        if (cycle != appenderCycle) {
            appenderCycle = cycle;
            File file = appender.currentFile();
            if (file != null) {
                cycleFiles.put(cycle, file);
            }
            syncer.fileInUse(file);
            reclaim();
        }
        if (fsync == FsyncPolicy.ALWAYS) {
            syncer.syncNow();
        }
    }

    /** Deletes the oldest cycle files, older than the one being written, whose messages are all settled. */
    private void reclaim() {
        boolean deleted = false;
        for (Map.Entry<Integer, File> entry : cycleFiles.entrySet()) {
            int cycle = entry.getKey();
            if (cycle >= appenderCycle || liveRefs.containsKey(cycle)) {
                break; // oldest first, and never past a cycle still in use: replay stays a consistent prefix
            }
            File file = entry.getValue();
            cycleFiles.remove(cycle);
            syncer.forget(file);
            try {
                if (Files.deleteIfExists(file.toPath())) {
                    deleted = true;
                    deletedFiles++;
                    LOG.debug("journal {}: deleted settled cycle file {}", directory, file.getName());
                }
            } catch (IOException e) {
                LOG.warn("journal {}: cannot delete settled cycle file {}: {}", directory, file, e.toString());
            }
        }
        if (deleted) {
            queue.refreshDirectoryListing();
        }
    }

    // ------------------------------------------------------------------ durability

    @Override
    public void whenDurable(Runnable task) {
        if (fsync != FsyncPolicy.BATCH) {
            task.run();
            return;
        }
        syncer.whenSynced(written, task);
    }

    /** Broker thread: what fsync=batch group commit has done so far (all zero under the other policies). */
    public JournalSyncStats syncStats() {
        return syncer.stats();
    }

    @Override
    public String describe() {
        return "chronicle store in " + directory + ", fsync=" + fsync;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (fsync != FsyncPolicy.NEVER && appender != null) {
            syncer.syncNow();
        }
        syncer.close();
        if (appender != null) {
            appender.singleThreadedCheckReset();
            appender.close();
        }
        if (reader != null) {
            reader.singleThreadedCheckReset();
            reader.close();
        }
        queue.close();
        releaseLock();
    }

    private void releaseLock() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.debug("releasing the data directory lock: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
