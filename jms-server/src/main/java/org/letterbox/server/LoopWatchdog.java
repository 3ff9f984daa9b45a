package org.letterbox.server;

import io.netty.channel.EventLoop;

import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

/**
 * Watches the broker's event loop, like Artemis' critical analyzer: every tick it hands the loop a trivial task; if
 * none has run for the timeout (the thread is stuck in a loop, deadlocked, starved by garbage collection, or dead) the
 * broker has {@linkplain CriticalFailure failed}: its clients would otherwise wait on a port that never answers.
 */
final class LoopWatchdog implements AutoCloseable {
    private final EventLoop loop;
    private final long timeoutMillis;
    private final long tickMillis;
    private final CriticalFailure critical;
    private final LongSupplier clock;
    private final Thread thread;
    private volatile long lastBeat;
    private volatile boolean closed;

    LoopWatchdog(EventLoop loop, long timeoutMillis, CriticalFailure critical, LongSupplier clock) {
        this.loop = loop;
        this.timeoutMillis = timeoutMillis;
        this.tickMillis = Math.max(10, Math.min(1000, timeoutMillis / 4));
        this.critical = critical;
        this.clock = clock;
        this.lastBeat = clock.getAsLong();
        this.thread = new Thread(this::run, "letterbox-watchdog");
        thread.setDaemon(true);
    }

    LoopWatchdog start() {
        thread.start();
        return this;
    }

    private void run() {
        Runnable beat = () -> lastBeat = clock.getAsLong(); // made once: a tick allocates nothing of its own
        try {
            while (!closed) {
                try {
                    loop.execute(beat);
                } catch (RejectedExecutionException e) {
                    if (!closed && !loop.isShuttingDown()) {
                        critical.failed("the broker thread is gone", e);
                    }
                    return;
                }
                Thread.sleep(tickMillis);
                long silent = clock.getAsLong() - lastBeat;
                if (!closed && silent > timeoutMillis) {
                    critical.failed("the broker thread has not run for " + silent + " ms (critical timeout "
                            + timeoutMillis + " ms)", null);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed
        } catch (Throwable e) {
            critical.failed("the broker's watchdog failed", e); // out of memory even here
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
