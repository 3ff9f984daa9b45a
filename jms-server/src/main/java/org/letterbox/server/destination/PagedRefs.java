package org.letterbox.server.destination;

/**
 * The messages of a queue that are on disk only (paged out), in arrival order: per message its journal index,
 * sequence and failed deliveries so far, 20 bytes in primitive ring buffers instead of an entry and its bytes.
 *
 * <p>Refs leave only from the head, so each has a position (how many refs were added before it) that never
 * changes: a browser remembers positions and asks later whether a ref is still here ({@link #holds}).
 */
final class PagedRefs {
    private long[] indexes = new long[16];
    private long[] sequences = new long[16];
    private int[] redeliveries = new int[16];
    private int head;
    private int size;
    private long removed; // refs taken from the head so far: the position of the head

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void add(long journalIndex, long sequence, int failed) {
        if (size == indexes.length) {
            grow();
        }
        int at = (head + size) & (indexes.length - 1);
        indexes[at] = journalIndex;
        sequences[at] = sequence;
        redeliveries[at] = failed;
        size++;
    }

    long firstIndex() {
        return indexes[head];
    }

    long firstSequence() {
        return sequences[head];
    }

    int firstRedeliveries() {
        return redeliveries[head];
    }

    void removeFirst() {
        head = (head + 1) & (indexes.length - 1);
        size--;
        removed++;
    }

    /** The position of the first ref. */
    long firstPosition() {
        return removed;
    }

    /** The sequences of every ref, from the first (at {@link #firstPosition()}) on. */
    long[] copySequences() {
        long[] copy = new long[size];
        for (int k = 0; k < size; k++) {
            copy[k] = sequences[slot(removed + k)];
        }
        return copy;
    }

    /** Whether the ref at {@code position} is still here (not yet read back into memory, nor dropped). */
    boolean holds(long position, long sequence) {
        return position >= removed && position < removed + size && sequences[slot(position)] == sequence;
    }

    /** The journal index of the ref at {@code position}, which must be {@linkplain #holds held}. */
    long indexAt(long position) {
        return indexes[slot(position)];
    }

    /** The failed deliveries of the ref at {@code position}, which must be {@linkplain #holds held}. */
    int redeliveriesAt(long position) {
        return redeliveries[slot(position)];
    }

    private int slot(long position) {
        return (int) ((head + (position - removed)) & (indexes.length - 1));
    }

    private void grow() {
        int n = indexes.length * 2;
        long[] i2 = new long[n];
        long[] s2 = new long[n];
        int[] r2 = new int[n];
        for (int k = 0; k < size; k++) {
            int from = (head + k) & (indexes.length - 1);
            i2[k] = indexes[from];
            s2[k] = sequences[from];
            r2[k] = redeliveries[from];
        }
        indexes = i2;
        sequences = s2;
        redeliveries = r2;
        head = 0;
    }
}
