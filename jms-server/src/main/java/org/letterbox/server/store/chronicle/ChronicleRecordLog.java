package org.letterbox.server.store.chronicle;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.letterbox.server.CriticalFailure;
import org.letterbox.server.store.FsyncPolicy;
import org.letterbox.server.store.log.JournalSyncStats;
import org.letterbox.server.store.log.RecordLog;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.zip.CRC32;

/**
 * The single-node {@link RecordLog}: a Chronicle Queue in {@code DIR/journal}, one excerpt a record followed by a
 * CRC-32 of it, appended on the broker thread (a memory-mapped write), made durable per {@link FsyncPolicy} (group
 * commit by {@link JournalSyncer} for {@code batch}), a roll cycle a segment (a released cycle's file is deleted).
 * A lock file keeps a second broker off the directory; {@code DIR/node-id} is its identity.
 *
 * <p>A Chronicle excerpt is either wholly written or not at all (its header is completed last), so a write cut by a
 * process kill is never read back; the CRC catches what Chronicle cannot, pages of a record that did not reach the
 * disk before a power loss or bytes damaged on disk. On replay damaged records at the end are skipped, reported and
 * marked (a marker record, so a later start does not trip on them again); damage followed by intact records is
 * refused, since the state cannot then be rebuilt safely. Cycle files cut short after they were written are checked
 * by {@link JournalFileCheck}, because Chronicle would read up to the cut as if the journal ended there.
 */
public final class ChronicleRecordLog implements RecordLog {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleRecordLog.class);
    /** The log's own record: damaged records up to the index it holds were seen and skipped. Never handed to the store. */
    static final byte DAMAGE_MARKER = 9;

    private final Path directory;
    private final FsyncPolicy fsync;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final JournalSyncer syncer;
    private final String nodeId;
    private final ConcurrentSkipListMap<Integer, File> cycleFiles = new ConcurrentSkipListMap<>();
    private final CRC32 crc = new CRC32();
    private ExcerptAppender appender;
    private ExcerptTailer reader; // reads records back (paging), broker thread
    private int appenderCycle = Integer.MIN_VALUE;
    private long written;         // records appended so far: what durability waits for
    private long releasedSegments;
    private boolean closed;

    /**
     * Opens (creating if needed) the journal under {@code dataDirectory}; completions run on {@code brokerThread}; a
     * record may be as large as fits in a quarter of a block of {@code blockSize} bytes; a failed fsync is a
     * {@code critical} failure.
     *
     * @throws IllegalStateException when another broker holds the directory, or a journal file is cut short
     */
    ChronicleRecordLog(Path dataDirectory, FsyncPolicy fsync, Executor brokerThread, RollCycle rollCycle, long blockSize,
                       CriticalFailure critical) {
        this.directory = dataDirectory.resolve("journal");
        this.fsync = fsync;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(dataDirectory.resolve("broker.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
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
            ChronicleStore.disableChronicleAnalytics();
            JournalFileCheck.beforeOpen(directory);
            queue = SingleChronicleQueueBuilder.binary(directory)
                    .rollCycle(rollCycle)
                    .blockSize(blockSize)
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
        this.syncer = new JournalSyncer(directory, brokerThread, fsync == FsyncPolicy.BATCH, critical);
    }

    // ------------------------------------------------------------------ writing

    @Override
    public long append(byte[] head, int headLength, byte[] tail) {
        if (closed) {
            throw new IllegalStateException("the journal is closed");
        }
        crc.reset();
        crc.update(head, 0, headLength);
        if (tail != null) {
            crc.update(tail);
        }
        int sum = (int) crc.getValue();
        if (appender == null) {
            appender = queue.createAppender();
            appender.singleThreadedCheckDisabled(true);
        }
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> out = dc.wire().bytes();
            out.write(head, 0, headLength);
            if (tail != null) {
                out.write(tail);
            }
            out.writeInt(sum);
        }
        long index = appender.lastIndexAppended();
        written++;
        int cycle = appender.cycle();
        if (cycle != appenderCycle) {
            appenderCycle = cycle;
            File file = appender.currentFile();
            if (file != null) {
                cycleFiles.put(cycle, file);
            }
            syncer.fileInUse(file);
        }
        if (fsync == FsyncPolicy.ALWAYS) {
            syncer.syncNow();
        }
        return index;
    }

    @Override
    public void whenDurable(Runnable task) {
        if (fsync != FsyncPolicy.BATCH) {
            task.run(); // never: the page cache is all it promises; always: every append was forced already
            return;
        }
        syncer.whenSynced(written, task);
    }

    // ------------------------------------------------------------------ reading

    @Override
    public byte[] read(long position) {
        if (reader == null) {
            reader = queue.createTailer();
            reader.singleThreadedCheckDisabled(true);
        }
        // reading on in journal order (paging in) needs no index look-up
        if (reader.index() != position && !reader.moveToIndex(position)) {
            throw new IllegalStateException("journal record " + Long.toHexString(position) + " is not there");
        }
        try (DocumentContext dc = reader.readingDocument()) {
            if (!dc.isPresent() || dc.index() != position) {
                throw new IllegalStateException("journal record " + Long.toHexString(position) + " cannot be read");
            }
            Bytes<?> in = dc.wire().bytes();
            int payload = (int) in.readRemaining() - 4;
            byte[] record = new byte[Math.max(0, payload)];
            in.read(record);
            int stored = in.readInt();
            crc.reset();
            crc.update(record);
            if ((int) crc.getValue() != stored) {
                throw new IllegalStateException("journal record " + Long.toHexString(position) + " is damaged (checksum)");
            }
            return record;
        }
    }

    @Override
    public void replay(Reader store) {
        JournalFileCheck.afterOpen(queue); // a cycle file cut short would otherwise replay as a shorter journal
        Replay replay = new Replay(store);
        String unreadableTail = null;
        long lastIndex = -1;
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
                    replay.excerpt(dc.wire().bytes(), lastIndex);
                } catch (RuntimeException e) {
                    // Chronicle itself cannot go on (a damaged excerpt header): what follows is unreachable
                    unreadableTail = e.toString();
                    break;
                }
            }
        }
        if (replay.damageInMiddle >= 0) {
            throw new IllegalStateException("journal " + directory + " is damaged in the middle: record at index "
                    + Long.toHexString(replay.damageInMiddle) + " (cycle " + rollCycle.toCycle(replay.damageInMiddle)
                    + ") is unreadable but valid records follow it, so the state cannot be rebuilt safely. "
                    + "The broker does not start; restore the data directory from a backup, or move the journal "
                    + "away to start empty.");
        }
        if (unreadableTail != null) {
            LOG.warn("journal {}: reading stopped after index {}: {}; what follows is skipped",
                    directory, Long.toHexString(lastIndex), unreadableTail);
        }
        if (!replay.damaged.isEmpty()) {
            long upTo = replay.damaged.get(replay.damaged.size() - 1);
            LOG.warn("journal {}: skipped {} damaged record(s) at its end (indexes {} to {}); every complete record "
                    + "before them was recovered", directory, replay.damaged.size(),
                    Long.toHexString(replay.damaged.get(0)), Long.toHexString(upTo));
            appendMarker(upTo);
        }
    }

    /** The damage marker, written first after the replay: the next start must know these were seen. */
    private void appendMarker(long upTo) {
        Bytes<byte[]> marker = Bytes.allocateElasticOnHeap(16);
        try {
            marker.writeByte(DAMAGE_MARKER).writeLong(upTo);
            append(marker.underlyingObject(), (int) marker.writePosition(), null);
        } finally {
            marker.releaseLast();
        }
    }

    /** Checks each excerpt of a replay (length, CRC, the store's own sense of it) and tracks damage. */
    private final class Replay {
        private final Reader store;
        private final List<Long> damaged = new ArrayList<>(); // damaged records not (yet) followed by a valid one
        private long damageInMiddle = -1;                     // the first damaged record followed by valid ones
        private byte[] buffer = new byte[4096];
        private long records;

        Replay(Reader store) {
            this.store = store;
        }

        void excerpt(Bytes<?> in, long index) {
            records++;
            long length = in.readRemaining();
            if (length < 5 || length > Integer.MAX_VALUE) {
                damaged(index, "length " + length);
                return;
            }
            int payload = (int) length - 4;
            if (buffer.length < payload) {
                buffer = new byte[Math.max(payload, buffer.length * 2)];
            }
            in.read(buffer, 0, payload);
            int stored = in.readInt();
            crc.reset();
            crc.update(buffer, 0, payload);
            if ((int) crc.getValue() != stored) {
                damaged(index, "checksum mismatch");
                return;
            }
            if (buffer[0] == DAMAGE_MARKER) {
                long upTo = Bytes.wrapForRead(buffer).readPositionRemaining(1, 8).readLong();
                damaged.removeIf(i -> i <= upTo);
                return;
            }
            boolean sensible;
            try {
                sensible = store.record(index, buffer, payload);
            } catch (RuntimeException e) {
                sensible = false;
            }
            if (!sensible) {
                damaged(index, "type " + buffer[0] + " does not parse");
                return;
            }
            if (!damaged.isEmpty() && damageInMiddle < 0) {
                damageInMiddle = damaged.get(0);
            }
        }

        private void damaged(long index, String why) {
            damaged.add(index);
            LOG.warn("journal record {} (index {}) is damaged: {}", records, Long.toHexString(index), why);
        }
    }

    // ------------------------------------------------------------------ segments

    @Override
    public int segmentOf(long position) {
        return rollCycle.toCycle(position);
    }

    @Override
    public int currentSegment() {
        return queue.cycle();
    }

    /** Deletes the oldest cycle files, before {@code segment} and the one being written, oldest first. */
    @Override
    public void releaseSegmentsBefore(int segment) {
        boolean deleted = false;
        for (Map.Entry<Integer, File> entry : cycleFiles.entrySet()) {
            int cycle = entry.getKey();
            if (cycle >= segment || cycle >= appenderCycle) {
                break; // oldest first, and never past a cycle still in use: replay stays a consistent prefix
            }
            File file = entry.getValue();
            cycleFiles.remove(cycle);
            syncer.forget(file);
            try {
                if (Files.deleteIfExists(file.toPath())) {
                    deleted = true;
                    releasedSegments++;
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

    @Override
    public long releasedSegments() {
        return releasedSegments;
    }

    // ------------------------------------------------------------------ the rest

    @Override
    public String identity() {
        return nodeId;
    }

    @Override
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
