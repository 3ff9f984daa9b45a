package org.letterbox.server.store.chronicle;

import org.letterbox.server.CriticalFailure;
import org.letterbox.server.store.log.JournalSyncStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Group commit, like Artemis' TimedBuffer but without its timer: the broker thread asks for "everything up to
 * record N is durable" ({@link #whenSynced}) and one fsync covers every request made before it starts, so an
 * idle journal fsyncs at once and a busy one shares each fsync among all waiting producers.
 *
 * <p>Who runs the fsync depends on the load. While each fsync confirms a single request (one synchronous
 * producer), the broker thread runs it itself at the end of its event loop pass: there is nothing to overlap,
 * and a syncer thread would only add two thread hand-offs (broker to syncer, syncer back to broker) to every
 * confirmation. Once an fsync confirms several requests (many producers, asynchronous sends), the syncer
 * thread takes over so the broker keeps reading and routing while the disk works, and later requests pile up
 * for the next fsync. Either way a confirmation runs on the broker thread after an fsync that began after its
 * record was written: {@link #stats()} counts the forces and confirmations of each path, and checks that claim
 * for every confirmation (each force is numbered; a request remembers how many had begun before it).
 *
 * <p>It forces the journal's cycle files with {@link FileChannel#force} (fdatasync): on Linux that writes the
 * pages the broker wrote through Chronicle's memory mapping (they are the same page cache pages). A new cycle
 * file also gets its directory forced once, so the file itself is found after a power loss.
 *
 * <p>A failed fsync is a {@linkplain CriticalFailure critical failure}, not something to retry: after a failed
 * {@code fsync} the kernel may already have dropped the dirty pages it could not write (PostgreSQL's "fsyncgate"),
 * so a later successful one proves nothing, and confirming sends then could lose them.
 */
final class JournalSyncer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalSyncer.class);

    private final Path directory;
    private final Executor brokerThread;
    private final CriticalFailure critical;
    private final Object lock = new Object();
    private final Thread thread;
    // guarded by lock
    private long threadRequested;   // the syncer thread's target
    private long threadSynced;      // what the syncer thread has made durable
    private boolean threadClosed;
    private File currentFile;
    private final List<File> pendingFiles = new ArrayList<>();
    private boolean directoryDirty;
    // broker thread only
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private long requested;         // the highest record number asked for
    private long synced;            // records known durable
    private long handedOff;         // the highest target given to the syncer thread
    private boolean inlineScheduled;
    private int lastGroup = 1;      // confirmations the last fsync covered
    private final SyncCounts counts = new SyncCounts();
    // whoever forces (broker or syncer thread), under forceLock
    private final Object forceLock = new Object();
    private File openFile;
    private FileChannel openChannel;
    private volatile long forcesBegun; // written under forceLock; numbers each force

    /** {@code forcesBegunBefore}: a force numbered above it began after this request (and its record) was made. */
    /**
     * Tasks waiting for records up to {@code upTo}. Requests for the same record share one waiter (a persistent send
     * asks twice: to deliver its message and to confirm it), so they count as one confirmation and a lone producer
     * still looks like one.
     */
    private static final class Waiter {
        final long upTo;
        final long forcesBegunBefore;
        private final Runnable first;
        private List<Runnable> more;

        Waiter(long upTo, Runnable task, long forcesBegunBefore) {
            this.upTo = upTo;
            this.first = task;
            this.forcesBegunBefore = forcesBegunBefore;
        }

        long upTo() {
            return upTo;
        }

        long forcesBegunBefore() {
            return forcesBegunBefore;
        }

        void add(Runnable task) {
            if (more == null) {
                more = new ArrayList<>(2);
            }
            more.add(task);
        }

        /** Runs the tasks in the order they were asked for. */
        void run() {
            first.run();
            if (more != null) {
                for (Runnable task : more) {
                    task.run();
                }
            }
        }
    }

    /**
     * Completions run on {@code brokerThread}; {@code groupCommit} starts the syncer thread (fsync=batch), without
     * it only {@link #syncNow} is used (fsync=always, and the final fsync on close).
     */
    JournalSyncer(Path directory, Executor brokerThread, boolean groupCommit, CriticalFailure critical) {
        this.directory = directory;
        this.brokerThread = brokerThread;
        this.critical = critical;
        if (groupCommit) {
            thread = new Thread(this::run, "letterbox-journal-sync");
            thread.setDaemon(true);
            thread.start();
        } else {
            thread = null;
        }
    }

    /** The appender writes to this cycle file now (called when it changes). */
    void fileInUse(File file) {
        synchronized (lock) {
            if (file != null && !file.equals(currentFile)) {
                if (currentFile != null) {
                    pendingFiles.add(currentFile); // the rolled file still needs its last fsync
                }
                currentFile = file;
                directoryDirty = true;
            }
        }
    }

    /** A cycle file was deleted (all its messages settled): it needs no more fsyncs. */
    void forget(File file) {
        synchronized (lock) {
            pendingFiles.remove(file);
            if (file.equals(currentFile)) {
                currentFile = null;
            }
        }
    }

    /** Broker thread: runs {@code task} on it once records up to {@code upTo} are durable (at once if they are). */
    void whenSynced(long upTo, Runnable task) {
        if (upTo <= synced) {
            task.run();
            return;
        }
        Waiter last = waiters.peekLast();
        if (last != null && last.upTo() == upTo) {
            last.add(task); // the same record: already asked for
            return;
        }
        waiters.add(new Waiter(upTo, task, forcesBegun));
        requested = Math.max(requested, upTo);
        if (inlineScheduled) {
            return; // the fsync at the end of this pass covers it
        }
        if (handedOff <= synced && lastGroup <= 1) {
            scheduleInline(); // the syncer thread is idle and nothing suggests a crowd
        } else {
            handOff(requested);
        }
    }

    private void scheduleInline() {
        inlineScheduled = true;
        try {
            brokerThread.execute(this::syncInline);
        } catch (RejectedExecutionException e) {
            inlineScheduled = false; // the broker is stopping: nobody waits for these confirmations any more
        }
    }

    /** At the end of the loop pass that asked: every record appended until now is covered. */
    private void syncInline() {
        inlineScheduled = false;
        long upTo = requested;
        if (upTo <= synced) {
            return;
        }
        long force;
        try {
            force = syncNow();
        } catch (Throwable e) {
            critical.failed("journal fsync failed in " + directory, e);
            return;
        }
        completed(upTo, force, true);
    }

    private void handOff(long upTo) {
        handedOff = Math.max(handedOff, upTo);
        synchronized (lock) {
            if (handedOff > threadRequested) {
                threadRequested = handedOff;
                lock.notifyAll();
            }
        }
    }

    /** Broker thread: records up to {@code upTo} are durable, by the force numbered {@code force}. */
    private void completed(long upTo, long force, boolean inline) {
        counts.forced(inline);
        if (upTo <= synced) {
            return;
        }
        synced = upTo;
        int group = 0;
        while (!waiters.isEmpty() && waiters.peek().upTo() <= synced) {
            group++;
            Waiter waiter = waiters.poll();
            counts.confirmed(inline, force > waiter.forcesBegunBefore());
            try {
                waiter.run();
            } catch (Throwable e) {
                // a confirmation or a delivery that waited for this fsync broke: what it left half done is unknown
                critical.failed("a journal completion failed", e);
                return;
            }
        }
        lastGroup = group;
        if (requested > synced && !inlineScheduled && handedOff < requested) {
            handOff(requested); // asked for while that fsync ran: a crowd, the syncer thread takes it
        }
    }

    /**
     * Forces the journal now on the calling thread (fsync=always, close, and the broker's own group fsyncs); returns
     * the number of this force.
     */
    long syncNow() {
        List<File> files;
        boolean dir;
        synchronized (lock) {
            files = new ArrayList<>(pendingFiles);
            pendingFiles.clear();
            if (currentFile != null) {
                files.add(currentFile);
            }
            dir = directoryDirty;
            directoryDirty = false;
        }
        try {
            return force(files, dir);
        } catch (RuntimeException e) {
            synchronized (lock) {
                pendingFiles.addAll(0, files); // forced again next time
                directoryDirty |= dir;
            }
            throw e;
        }
    }

    private void run() {
        while (true) {
            long target;
            synchronized (lock) {
                while (threadRequested <= threadSynced && !threadClosed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        threadClosed = true;
                    }
                }
                if (threadRequested <= threadSynced) {
                    return;
                }
                target = threadRequested;
            }
            long force;
            try {
                force = syncNow();
            } catch (Throwable e) {
                critical.failed("journal fsync failed in " + directory, e);
                return;
            }
            synchronized (lock) {
                threadSynced = target;
            }
            try {
                brokerThread.execute(() -> completed(target, force, false));
            } catch (RejectedExecutionException e) {
                // the broker is stopping: nobody waits for these confirmations any more
            }
        }
    }

    private long force(List<File> files, boolean dir) {
        synchronized (forceLock) {
            long number = ++forcesBegun;
            try {
                for (File file : files) {
                    if (!file.equals(openFile)) {
                        closeChannel();
                        try {
                            openChannel = FileChannel.open(file.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE);
                        } catch (java.nio.file.NoSuchFileException gone) {
                            continue; // deleted meanwhile: every message in it was settled
                        }
                        openFile = file;
                    }
                    openChannel.force(false);
                }
                if (dir) {
                    try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
                        d.force(true);
                    } catch (IOException e) {
                        LOG.debug("cannot fsync directory {}: {}", directory, e.toString());
                    }
                }
                return number;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Broker thread: what group commit has done so far. */
    JournalSyncStats stats() {
        return counts.snapshot();
    }

    private void closeChannel() {
        if (openChannel != null) {
            try {
                openChannel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            openChannel = null;
            openFile = null;
        }
    }

    /** Lets a requested fsync finish, then stops the syncer thread; later confirmations are dropped. */
    @Override
    public void close() {
        synchronized (lock) {
            threadClosed = true;
            lock.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (forceLock) {
            closeChannel();
        }
    }
}
