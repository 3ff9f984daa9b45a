package org.letterbox.server.cli;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one perf round shared by its producers, consumers and monitor, plus the first failure. */
final class PerfCounters {
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final AtomicReference<CliException> failure = new AtomicReference<>();

    void sent() {
        sent.increment();
    }

    void received() {
        received.increment();
    }

    long sentCount() {
        return sent.sum();
    }

    long receivedCount() {
        return received.sum();
    }

    /** Records a failure; only the first one is kept. */
    void fail(String who, Throwable cause) {
        failure.compareAndSet(null, new CliException(who + ": " + LetterboxCli.describe(cause), cause));
    }

    void fail(String message) {
        failure.compareAndSet(null, new CliException(message));
    }

    /** The first failure, or null. */
    CliException failure() {
        return failure.get();
    }
}
