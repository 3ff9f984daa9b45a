package org.letterbox.server.store.chronicle;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.letterbox.server.destination.BrokerMessage;
import org.letterbox.server.store.DurableSubscriptionRecord;
import org.letterbox.server.store.FsyncPolicy;
import org.letterbox.server.store.MessageStore;
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
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

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

    private final Path directory;
    private final FsyncPolicy fsync;
    private final Executor brokerThread;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final SingleChronicleQueue queue;
    private final JournalSyncer syncer;
    private ExcerptAppender appender;
    private int appenderCycle = Integer.MIN_VALUE;
    private final Map<String, Integer> queueIds = new HashMap<>();
    private int lastBindingId;
    private long lastTx;
    private long openTxWithRecords; // the transaction whose records were written but not yet committed
    private long written;           // records appended so far
    private long durable;           // records known durable (batch)
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private boolean closed;

    private record Waiter(long upTo, Runnable task) {
    }

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
        return new ChronicleStore(dataDirectory, fsync, brokerThread);
    }

    private ChronicleStore(Path dataDirectory, FsyncPolicy fsync, Executor brokerThread) {
        this.directory = dataDirectory.resolve("journal");
        this.fsync = fsync;
        this.brokerThread = brokerThread;
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
        disableChronicleAnalytics();
        queue = SingleChronicleQueueBuilder.binary(directory).build();
        syncer = new JournalSyncer(directory, this::synced, fsync == FsyncPolicy.BATCH);
    }

    public Path directory() {
        return directory;
    }

    public FsyncPolicy fsync() {
        return fsync;
    }

    // ------------------------------------------------------------------ recovery

    @Override
    public void recover(Recovery recovery) {
        JournalReplay replay = new JournalReplay();
        long started = System.nanoTime();
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
                    replay.read(dc.wire().bytes());
                }
            }
        }
        replay.finish(recovery);
        queueIds.putAll(replay.queueIds());
        lastBindingId = replay.lastBindingId();
        lastTx = replay.lastTx();
        LOG.info("journal {}: replayed {} records in {} ms: {} messages on {} bindings{}", directory, replay.records(),
                (System.nanoTime() - started) / 1_000_000, replay.liveMessages(), replay.liveBindings(),
                replay.skipped() == 0 ? "" : "; SKIPPED " + replay.skipped() + " unreadable records, "
                        + replay.uncommitted() + " records of uncommitted transactions");
        if (replay.uncommitted() > 0) {
            LOG.info("journal {}: dropped {} records of transactions that never committed", directory, replay.uncommitted());
        }
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
        try (DocumentContext dc = writing()) {
            JournalRecords.writeQueue(dc.wire().bytes(), created, queueName);
        }
        afterWrite();
        return created;
    }

    @Override
    public int subscriptionBinding(DurableSubscriptionRecord subscription) {
        int created = ++lastBindingId;
        try (DocumentContext dc = writing()) {
            JournalRecords.writeDurable(dc.wire().bytes(), created, subscription);
        }
        afterWrite();
        return created;
    }

    @Override
    public void removeBinding(int bindingId) {
        if (bindingId == 0) {
            return;
        }
        queueIds.values().remove(bindingId);
        try (DocumentContext dc = writing()) {
            JournalRecords.writeUnbind(dc.wire().bytes(), bindingId);
        }
        afterWrite();
    }

    @Override
    public void addMessage(long txId, BrokerMessage message, int[] bindingIds) {
        try (DocumentContext dc = writing()) {
            JournalRecords.writeMessage(dc.wire().bytes(), txId, message.sequence(), bindingIds, message.bytes());
        }
        tx(txId);
        afterWrite();
    }

    @Override
    public void delivered(long sequence, int bindingId, int deliveryCount) {
        try (DocumentContext dc = writing()) {
            JournalRecords.writeDelivered(dc.wire().bytes(), sequence, bindingId, deliveryCount);
        }
        afterWrite();
    }

    @Override
    public void settle(long txId, long sequence, int bindingId) {
        try (DocumentContext dc = writing()) {
            JournalRecords.writeSettle(dc.wire().bytes(), txId, sequence, bindingId);
        }
        tx(txId);
        afterWrite();
    }

    @Override
    public long newTransaction() {
        return ++lastTx;
    }

    @Override
    public void commit(long txId) {
        if (txId == 0 || openTxWithRecords != txId) {
            return; // journaled nothing: nothing to commit
        }
        openTxWithRecords = 0;
        try (DocumentContext dc = writing()) {
            JournalRecords.writeCommit(dc.wire().bytes(), txId);
        }
        afterWrite();
    }

    private void tx(long txId) {
        if (txId != 0) {
            openTxWithRecords = txId;
        }
    }

    private DocumentContext writing() {
        if (closed) {
            throw new IllegalStateException("the journal is closed");
        }
        if (appender == null) {
            appender = queue.createAppender();
            appender.singleThreadedCheckDisabled(true);
        }
        return appender.writingDocument();
    }

    private void afterWrite() {
        written++;
        int cycle = appender.cycle();
        if (cycle != appenderCycle) {
            appenderCycle = cycle;
            File file = appender.currentFile();
            syncer.fileInUse(file);
        }
        if (fsync == FsyncPolicy.ALWAYS) {
            syncer.syncNow();
        }
    }

    // ------------------------------------------------------------------ durability

    @Override
    public void whenDurable(Runnable task) {
        if (fsync != FsyncPolicy.BATCH || durable >= written) {
            task.run();
            return;
        }
        waiters.add(new Waiter(written, task));
        syncer.request(written);
    }

    /** On the syncer thread: hand the news to the broker thread. */
    private void synced(long upTo) {
        try {
            brokerThread.execute(() -> complete(upTo));
        } catch (RejectedExecutionException e) {
            // the broker is stopping: nobody waits for these confirmations any more
        }
    }

    private void complete(long upTo) {
        durable = Math.max(durable, upTo);
        while (!waiters.isEmpty() && waiters.peek().upTo() <= durable) {
            Waiter waiter = waiters.poll();
            try {
                waiter.task().run();
            } catch (RuntimeException e) {
                LOG.warn("a journal completion failed", e);
            }
        }
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
        syncer.close();
        if (fsync != FsyncPolicy.NEVER && appender != null) {
            syncer.syncNow();
        }
        if (appender != null) {
            appender.singleThreadedCheckReset();
            appender.close();
        }
        queue.close();
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
