package org.letterbox.server.fuzz;

/**
 * Closes a JMS connection (or anything) on another thread and waits at most a few seconds: {@code Connection.close()}
 * waits for the broker's answer without a time limit, so against a broker that stopped reading it would never return.
 */
final class BoundedClose {
    private BoundedClose() {
    }

    /** Null if it closed within {@code millis}, else what happened. */
    static String close(AutoCloseable closeable, long millis) {
        if (closeable == null) {
            return null;
        }
        String[] failure = new String[1];
        Thread thread = new Thread(() -> {
            try {
                closeable.close();
            } catch (Exception e) {
                failure[0] = e.toString();
            }
        }, "bounded-close");
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return thread.isAlive() ? "close() still blocked after " + millis + " ms" : failure[0];
    }
}
