package org.letterbox.ra;

/** Exponential retry delays: {@code initial}, doubled after every failure, capped at {@code max}. Not thread-safe. */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(long initialMillis, long maxMillis) {
        if (initialMillis <= 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initialMillis + ", " + maxMillis);
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.nextMillis = initialMillis;
    }

    /** The delay before the next attempt; each call doubles the one after, up to the cap. */
    long next() {
        long delay = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return delay;
    }

    /** After a success: start again from the initial delay. */
    void reset() {
        nextMillis = initialMillis;
    }
}
