package org.letterbox.client;

import java.util.Arrays;

/** A growable list of delivery tags (not thread-safe; guarded by its owner). */
final class TagList {
    private static final long[] EMPTY = new long[0];

    private long[] tags = new long[16];
    private int size;

    void add(long tag) {
        if (size == tags.length) {
            tags = Arrays.copyOf(tags, size * 2);
        }
        tags[size++] = tag;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The tags so far, in order; the list is empty afterwards. */
    long[] drain() {
        if (size == 0) {
            return EMPTY;
        }
        long[] out = Arrays.copyOf(tags, size);
        size = 0;
        if (tags.length > 1024) {
            tags = new long[16];
        }
        return out;
    }

    static long[] empty() {
        return EMPTY;
    }
}
