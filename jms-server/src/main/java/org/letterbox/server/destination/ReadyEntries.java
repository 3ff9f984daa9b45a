package org.letterbox.server.destination;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Entries ready for delivery, in JMS order: higher priority first, then arrival order. A returned
 * (rolled back) entry goes back to its original place, so order is kept across redelivery.
 * One sorted map per priority level; the broker thread is the only user.
 */
final class ReadyEntries {
    private static final int LEVELS = 10;

    @SuppressWarnings("unchecked")
    private final TreeMap<Long, QueueEntry>[] levels = new TreeMap[LEVELS];
    private int size;

    ReadyEntries() {
        for (int i = 0; i < LEVELS; i++) {
            levels[i] = new TreeMap<>();
        }
    }

    /** Returns false if an entry of that message was there already (it is replaced). */
    boolean add(QueueEntry entry) {
        if (levels[entry.message.priority()].put(entry.message.sequence(), entry) == null) {
            size++;
            return true;
        }
        return false;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Removes and returns the first entry the filter accepts, or null. */
    QueueEntry pollFirst(Predicate<QueueEntry> filter) {
        for (int p = LEVELS - 1; p >= 0; p--) {
            TreeMap<Long, QueueEntry> level = levels[p];
            if (level.isEmpty()) {
                continue;
            }
            if (filter == null) {
                size--;
                return level.pollFirstEntry().getValue();
            }
            Iterator<QueueEntry> it = level.values().iterator();
            while (it.hasNext()) {
                QueueEntry entry = it.next();
                if (filter.test(entry)) {
                    it.remove();
                    size--;
                    return entry;
                }
            }
        }
        return null;
    }

    /** Removes every entry the predicate accepts (e.g. expired ones) and returns them. */
    List<QueueEntry> removeIf(Predicate<QueueEntry> predicate) {
        List<QueueEntry> removed = new ArrayList<>();
        for (TreeMap<Long, QueueEntry> level : levels) {
            Iterator<QueueEntry> it = level.values().iterator();
            while (it.hasNext()) {
                QueueEntry entry = it.next();
                if (predicate.test(entry)) {
                    it.remove();
                    size--;
                    removed.add(entry);
                }
            }
        }
        return removed;
    }

    /** The entry of the message with this sequence, whatever its priority, or null if it is not ready. */
    QueueEntry get(long sequence) {
        for (int p = LEVELS - 1; p >= 0; p--) {
            QueueEntry entry = levels[p].get(sequence);
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    /** A copy of the entries in delivery order (for browsing). */
    List<QueueEntry> snapshot() {
        List<QueueEntry> copy = new ArrayList<>(size);
        for (int p = LEVELS - 1; p >= 0; p--) {
            copy.addAll(levels[p].values());
        }
        return copy;
    }
}
