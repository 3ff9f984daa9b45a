package org.letterbox.server.destination;

import java.util.ArrayDeque;

/**
 * The broker-wide bound on the memory its messages take (like Artemis' global-max-size), on top of each destination's
 * own limit. Everything the broker keeps per message is charged here while it is kept: a message's bytes and its
 * decoded selector view once however many queues hold it, each queue entry and each paged-out ref, the sends a
 * transaction holds until commit, and the messages waiting for their fsync before delivery.
 *
 * <p>Past the {@link #limit()}, queues page persistent messages out instead of holding them, and producers of what
 * cannot be paged are told to wait (flow control); below three quarters of it they go on. A queue whose consumers
 * would otherwise starve still reads paged messages back one at a time, so a queue full of idle messages cannot stop
 * every other queue (that costs at most the consumers' windows). Broker thread only.
 */
public final class MemoryBudget {
    /** What a queue entry costs besides its message (object headers, fields, its place in the ready set). */
    public static final long ENTRY_BYTES = 64;
    /** What a paged-out ref costs (journal index, sequence, delivery count). */
    public static final long PAGED_REF_BYTES = 24;

    private final long limit;
    private final long lowWater;
    private long used;
    private long heldByTransactions; // part of used: sends open transactions hold until they commit
    private final ArrayDeque<Runnable> waiters = new ArrayDeque<>();

    /** @param limitBytes 0 = unlimited */
    public MemoryBudget(long limitBytes) {
        if (limitBytes < 0) {
            throw new IllegalArgumentException("a memory budget cannot be negative: " + limitBytes);
        }
        this.limit = limitBytes;
        this.lowWater = limitBytes - limitBytes / 4;
    }

    /** The default: half the heap. */
    public static long defaultLimit() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    public static MemoryBudget unlimited() {
        return new MemoryBudget(0);
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used;
    }

    public void charge(long bytes) {
        used += bytes;
    }

    public void release(long bytes) {
        used -= bytes;
        if (!waiters.isEmpty() && used <= lowWater) {
            runWaiters();
        }
    }

    /**
     * Charges a send an open transaction holds until commit, unless transactions already hold half the limit: they
     * are not held back by flow control (their commit would never come), so this is what bounds them.
     */
    public boolean holdForTransaction(long bytes) {
        if (limit > 0 && heldByTransactions + bytes > limit / 2) {
            return false;
        }
        heldByTransactions += bytes;
        return true;
    }

    /** A transaction's held send was committed or dropped. */
    public void releaseFromTransaction(long bytes) {
        heldByTransactions -= bytes;
    }

    public long heldByTransactions() {
        return heldByTransactions;
    }

    /** At or over the limit: page what can be paged, hold back producers of the rest. */
    public boolean full() {
        return limit > 0 && used >= limit;
    }

    /** Whether {@code bytes} more fit below the limit. */
    public boolean hasRoomFor(long bytes) {
        return limit == 0 || used + bytes <= limit;
    }

    /** Runs {@code task} once the charge is back below three quarters of the limit (at once if it is). */
    public void whenSpace(Runnable task) {
        if (limit == 0 || used <= lowWater) {
            task.run();
        } else {
            waiters.add(task);
        }
    }

    private void runWaiters() {
        // a waiter may charge again (a queue paging in): the ones after it still run, and find out for themselves
        int count = waiters.size();
        for (int i = 0; i < count && !waiters.isEmpty(); i++) {
            waiters.poll().run();
        }
    }

    @Override
    public String toString() {
        return limit == 0 ? "unlimited memory budget (" + used + " bytes used)"
                : "memory budget " + used + " of " + limit + " bytes";
    }
}
