package org.letterbox.server.store.chronicle;

import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.Wires;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the damage to the journal's cycle files that Chronicle Queue does not report, before the replay.
 *
 * <p>Chronicle creates a cycle file empty, sizes it (a sparse, pre-allocated zero area), writes its header,
 * then appends records; its header keeps the position of the last complete record. A crash or a torn write
 * therefore never makes a file shorter than what it holds. A file cut short afterwards (a copy or restore
 * cut short, a file system that lost blocks) is silently re-extended with zeros when Chronicle maps it:
 * it reads up to the gap as if the journal ended there, and appends after the gap, where no later replay
 * finds the new records. So, per cycle file:
 * <ul>
 * <li>cut inside its last record: only that record is lost; the replay finds it damaged (CRC), skips it and
 * says so ({@link JournalReplay}), and the broker starts;</li>
 * <li>cut before its last complete record (or that record's page never reached the disk before a power loss),
 * or cut inside its header: records are gone, and starting would be silently wrong state, so the broker
 * refuses to start and names the file;</li>
 * <li>empty (0 bytes) and the newest: what a kill leaves while Chronicle creates a file, before it sizes
 * it; it never held a record, so it is deleted with a warning (Chronicle would wait 10 s for its header,
 * then rename it). An empty file older than another one lost its contents: refused, as above.</li>
 * </ul>
 */
final class JournalFileCheck {
    private static final Logger LOG = LoggerFactory.getLogger(JournalFileCheck.class);
    private static final String SUFFIX = SingleChronicleQueue.SUFFIX;
    private static final String REMEDY = "The broker does not start; restore the data directory from a backup, or "
            + "move the journal away to start empty.";

    private JournalFileCheck() {
    }

    /** On the files alone, before Chronicle maps (and re-extends) any of them. */
    static void beforeOpen(Path journal) {
        List<Path> files = cycleFiles(journal);
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            boolean newest = i == files.size() - 1;
            long length = size(file);
            if (length == 0 && newest) {
                LOG.warn("journal {}: the newest cycle file {} is empty (0 bytes), as a kill leaves it while the "
                        + "journal creates it; it never held a record and is deleted", journal, file.getFileName());
                delete(file);
                continue;
            }
            int header = length < 4 ? 0 : firstInt(file);
            boolean headerCut = length < 4 || (header != 0 && Wires.isReady(header) && length < 4L + Wires.lengthOf(header));
            if (headerCut) {
                throw new IllegalStateException("journal cycle file " + file + " is " + length + " bytes long, "
                        + "shorter than its own header: it was cut short after it was written (the journal sizes a "
                        + "file before it writes its header), and the records it held are gone. " + REMEDY);
            }
            // a header still 0 (a kill after sizing the file, before its header): Chronicle renames such a file
        }
    }

    /** After Chronicle opened the queue, before the replay: each cycle's last complete record must be there. */
    static void afterOpen(SingleChronicleQueue queue) {
        int first = queue.firstCycle();
        int last = queue.lastCycle();
        if (first == Integer.MAX_VALUE || last == Integer.MIN_VALUE) {
            return; // no cycle file yet
        }
        for (long cycle : queue.listCyclesBetween(first, last)) {
            SingleChronicleQueueStore store;
            try {
                store = queue.storeForCycle((int) cycle, queue.epoch(), false, null);
            } catch (RuntimeException e) {
                throw new IllegalStateException("journal cycle file " + fileOf(queue, (int) cycle) + " cannot be opened, "
                        + "its header is damaged (" + e + "). " + REMEDY, e);
            }
            if (store == null) {
                continue;
            }
            try {
                long position = store.writePosition();
                int header;
                try (MappedBytes bytes = store.bytes()) {
                    header = bytes.readVolatileInt(position);
                }
                if (header == 0) {
                    throw new IllegalStateException("journal cycle file " + store.file() + " lost its end: its "
                            + "header says its last complete record starts at byte " + position + ", but there are only "
                            + "zeros (the file was cut short, or pages written before a power loss never reached the "
                            + "disk). Records may be missing, and the journal would append behind the gap where no "
                            + "replay finds them. " + REMEDY);
                }
            } finally {
                queue.closeStore(store);
            }
        }
    }

    /** The file Chronicle keeps {@code cycle} in: its start time in UTC, in the roll cycle's format. */
    private static Path fileOf(SingleChronicleQueue queue, int cycle) {
        RollCycle rollCycle = queue.rollCycle();
        Instant start = Instant.ofEpochMilli((long) cycle * rollCycle.lengthInMillis() + queue.epoch());
        String name = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC).format(start);
        return queue.file().toPath().resolve(name + SUFFIX);
    }

    private static List<Path> cycleFiles(Path journal) {
        if (!Files.isDirectory(journal)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(journal)) {
            // Chronicle's cycle file names sort in cycle order
            return list.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list journal " + journal + ": " + e.getMessage(), e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal cycle file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Chronicle's excerpt header: a little-endian int, the length in its low bits. */
    private static int firstInt(Path file) {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer buffer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read all 4 bytes
            }
            return buffer.getInt(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal cycle file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete empty journal cycle file " + file + ": " + e.getMessage(), e);
        }
    }
}
