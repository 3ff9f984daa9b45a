package org.letterbox.server.destination;

import org.letterbox.selector.Selector;

import java.util.List;

/**
 * What one queue browser walks, in queue order: the entries waiting in memory when it opened (already matched
 * against its selector), then the messages paged out at that moment. Of both only the sequences are kept (8 bytes
 * each, {@link #bytes()}); each is looked up when the browser reaches it, so a snapshot pins no message in memory,
 * opening a browser reads nothing from the journal, and a ref that left the queue meanwhile is skipped (without
 * touching the journal: its file may be gone). The JMS spec lets a browser's view be inexact, never wrong: a message
 * is handed out only while it is still on the queue. Only the broker thread uses it.
 */
public final class BrowseSnapshot {
    private final MessageQueue queue;
    private final Selector selector;
    private final long[] inMemory;
    private final long firstPagedPosition;
    private final long[] pagedSequences;
    private int next; // over inMemory, then pagedSequences

    BrowseSnapshot(MessageQueue queue, Selector selector, long[] inMemory, long firstPagedPosition,
                   long[] pagedSequences) {
        this.queue = queue;
        this.selector = selector;
        this.inMemory = inMemory;
        this.firstPagedPosition = firstPagedPosition;
        this.pagedSequences = pagedSequences;
    }

    /** Messages not looked at yet (an upper bound of what is left to hand out). */
    public int remaining() {
        return inMemory.length + pagedSequences.length - next;
    }

    /** What the snapshot itself takes in memory: its sequences. */
    public long bytes() {
        return 8L * (inMemory.length + pagedSequences.length) + 64;
    }

    public boolean exhausted() {
        return remaining() == 0;
    }

    /**
     * Looks at the next message and moves past it: its bytes if the browser is to see it, or null if it is skipped
     * (a paged message that left the queue, is not due yet, expired, or does not match the selector). A paged one
     * still on disk is read back from the journal, one at a time: the caller bounds how many it looks at per batch.
     */
    public byte[] lookNext() {
        if (next < inMemory.length) {
            QueueEntry entry = queue.readyEntry(inMemory[next++]);
            return entry == null || !queue.deliverableNow(entry.message) ? null : entry.message.bytes();
        }
        int k = next++ - inMemory.length;
        QueueEntry entry = queue.pagedEntry(firstPagedPosition + k, pagedSequences[k]);
        if (entry == null || !queue.deliverableNow(entry.message) || !Selectors.matches(selector, entry)) {
            return null;
        }
        return entry.message.bytes();
    }
}
