package org.letterbox.server.store;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * What one transaction means for space reclaim, until it completes: where its first record is (a prepared branch keeps
 * that cycle, and so every later one, until it commits or rolls back), the message refs it added (dropped again if it
 * rolls back) and the journal indexes of the refs it settles (released only once its commit marker is written).
 * Growable primitive arrays: a local transaction reuses one instance, so committing allocates nothing in the steady state.
 */
final class TxRefs {
    private long firstIndex = -1;
    private long[] added = new long[8];   // pairs: journal index, ref count
    private int addedSize;
    private long[] settled = new long[8]; // journal indexes of the messages whose refs are settled
    private int settledSize;

    /** A record of the transaction was written at {@code index}. */
    void wrote(long index) {
        if (firstIndex < 0) {
            firstIndex = index;
        }
    }

    long firstIndex() {
        return firstIndex;
    }

    void added(long index, int refs) {
        if (addedSize + 2 > added.length) {
            added = Arrays.copyOf(added, added.length * 2);
        }
        added[addedSize++] = index;
        added[addedSize++] = refs;
    }

    void settled(long journalIndex) {
        if (settledSize == settled.length) {
            settled = Arrays.copyOf(settled, settled.length * 2);
        }
        settled[settledSize++] = journalIndex;
    }

    /** Each added ref's journal index, once per ref. */
    void forEachAddedRef(LongConsumer action) {
        for (int i = 0; i < addedSize; i += 2) {
            for (long r = 0; r < added[i + 1]; r++) {
                action.accept(added[i]);
            }
        }
    }

    void forEachSettled(LongConsumer action) {
        for (int i = 0; i < settledSize; i++) {
            action.accept(settled[i]);
        }
    }

    void clear() {
        firstIndex = -1;
        addedSize = 0;
        settledSize = 0;
    }
}
