package org.letterbox.server.cli;

import jakarta.jms.Connection;

/** What perf producers and consumers share: their own thread, their own connection, and a stop flag. */
abstract class PerfWorker implements Runnable {
    protected volatile boolean stop;
    protected volatile Connection connection;
    private Thread thread;

    /** The worker thread's name, e.g. {@code perf-producer-0}. */
    protected abstract String threadName();

    final void start() {
        thread = new Thread(this, threadName());
        thread.setDaemon(true);
        thread.start();
    }

    final void stop() {
        stop = true;
    }

    final void join(long millis) throws InterruptedException {
        if (thread != null) {
            thread.join(millis);
        }
    }

    final void close() {
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // closing after the measurement: nothing left to report
            }
        }
    }
}
