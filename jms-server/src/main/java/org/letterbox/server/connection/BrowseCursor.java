package org.letterbox.server.connection;

import org.letterbox.server.destination.BrowseSnapshot;
import org.letterbox.server.destination.MemoryBudget;

import java.util.ArrayList;
import java.util.List;

/**
 * A queue browser's position in its {@link BrowseSnapshot}, handed out in batches that stay below a byte budget.
 * Paged messages are read from the journal as a batch reaches them; a batch looks at no more than
 * {@link #LOOKS_PER_BATCH} messages, so a selector that matches few paged messages cannot hold the event loop for
 * a whole queue's worth of reads: such a batch may come back empty, not flagged last, and the client asks again.
 */
final class BrowseCursor {
    static final int LOOKS_PER_BATCH = 1024;

    private final BrowseSnapshot snapshot;
    private final MemoryBudget budget;
    private byte[] pending; // looked at, but did not fit the previous batch
    private boolean released;

    /** Charges the snapshot to {@code budget} until {@link #release}. */
    BrowseCursor(BrowseSnapshot snapshot, MemoryBudget budget) {
        this.snapshot = snapshot;
        this.budget = budget;
        budget.charge(snapshot.bytes());
    }

    /** The browser is done with it (closed, exhausted, or its connection went). */
    void release() {
        if (!released) {
            released = true;
            budget.release(snapshot.bytes());
        }
    }

    List<byte[]> next(int maxMessages, int maxBytes) {
        List<byte[]> batch = new ArrayList<>(Math.min(maxMessages, Math.min(LOOKS_PER_BATCH, snapshot.remaining() + 1)));
        long bytes = 0;
        int looks = 0;
        while (batch.size() < maxMessages) {
            if (pending == null) {
                if (snapshot.exhausted() || looks == LOOKS_PER_BATCH) {
                    break;
                }
                looks++;
                pending = snapshot.lookNext();
                continue;
            }
            if (!batch.isEmpty() && bytes + pending.length > maxBytes) {
                break;
            }
            batch.add(pending);
            bytes += pending.length;
            pending = null;
        }
        return batch;
    }

    boolean exhausted() {
        return pending == null && snapshot.exhausted();
    }
}
