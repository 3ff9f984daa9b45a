package org.letterbox.server.store.chronicle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Group commit, like Artemis' TimedBuffer but without its timer: the broker thread asks for "everything up
 * to record N is durable"; one small thread fsyncs as soon as asked, and every request that arrived while
 * an fsync was running is covered by the next one. An idle journal therefore fsyncs at once, a busy one
 * shares each fsync among all waiting producers.
 *
 * <p>It forces the journal's cycle files with {@link FileChannel#force}: on Linux that writes the pages the
 * broker wrote through Chronicle's memory mapping (they are the same page cache pages). A new cycle file
 * also gets its directory forced once, so the file itself is found after a power loss.
 */
final class JournalSyncer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalSyncer.class);

    private final Path directory;
    private final LongConsumer onSynced;
    private final Object lock = new Object();
    private final Thread thread;
    // guarded by lock
    private long requested;
    private long synced;
    private boolean closed;
    private File currentFile;
    private final List<File> pendingFiles = new ArrayList<>();
    private boolean directoryDirty;
    // syncer thread only (or the broker thread when the syncer thread is not started: fsync=always)
    private File openFile;
    private FileChannel openChannel;

    /** {@code onSynced} is called on the syncer thread with the record number now durable. */
    JournalSyncer(Path directory, LongConsumer onSynced, boolean startThread) {
        this.directory = directory;
        this.onSynced = onSynced;
        if (startThread) {
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

    /** Asks for every record up to {@code upTo} to be made durable. */
    void request(long upTo) {
        synchronized (lock) {
            if (upTo > requested) {
                requested = upTo;
                lock.notifyAll();
            }
        }
    }

    /** Forces the journal now on the calling thread (fsync=always). */
    void syncNow() {
        List<File> files;
        boolean dir;
        synchronized (lock) {
            files = filesToForce();
            dir = directoryDirty;
            directoryDirty = false;
        }
        force(files, dir);
    }

    private List<File> filesToForce() {
        List<File> files = new ArrayList<>(pendingFiles);
        pendingFiles.clear();
        if (currentFile != null) {
            files.add(currentFile);
        }
        return files;
    }

    private void run() {
        while (true) {
            long target;
            List<File> files;
            boolean dir;
            synchronized (lock) {
                while (requested <= synced && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                if (requested <= synced) {
                    closeChannel();
                    return;
                }
                target = requested;
                files = filesToForce();
                dir = directoryDirty;
                directoryDirty = false;
            }
            try {
                force(files, dir);
            } catch (RuntimeException e) {
                LOG.error("journal fsync failed; confirmations wait for the next one", e);
                synchronized (lock) {
                    pendingFiles.addAll(0, files);
                }
                sleepQuietly();
                continue;
            }
            synchronized (lock) {
                synced = target;
            }
            onSynced.accept(target);
        }
    }

    private void force(List<File> files, boolean dir) {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets a requested fsync finish, then stops the thread. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            closeChannel();
        }
    }
}
