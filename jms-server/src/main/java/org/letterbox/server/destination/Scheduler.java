package org.letterbox.server.destination;

/** Runs a task on the broker thread after a delay (the broker's event loop). */
public interface Scheduler {

    Cancellable schedule(Runnable task, long delayMillis);

    long now();

    interface Cancellable {
        void cancel();
    }
}
