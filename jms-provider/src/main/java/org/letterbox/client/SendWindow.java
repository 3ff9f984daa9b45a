package org.letterbox.client;

import jakarta.jms.JMSException;

/**
 * The client's side of the broker's send window: the bytes of messages sent and not yet credited back by the broker
 * ({@code SendCredit}) stay within the window it granted in the handshake, so a producer, however fast and however
 * asynchronous, never has more than that in flight. One message of any size may go when nothing is outstanding.
 * Credit comes back as soon as the broker has read a send, whatever becomes of it, so this only paces a producer to
 * the broker's reading; holding producers back for lack of room is {@link FlowGate}'s job.
 */
final class SendWindow {
    private final Object lock = new Object();
    private long window = Long.MAX_VALUE; // until the handshake says otherwise
    private long outstanding;

    /** The window the broker granted (0 = unlimited). */
    void granted(long bytes) {
        synchronized (lock) {
            window = bytes <= 0 ? Long.MAX_VALUE : bytes;
            lock.notifyAll();
        }
    }

    /** Takes {@code bytes} of the window for a send, waiting while it is used up. */
    void acquire(long bytes, FlowGate.Failure failure) throws JMSException {
        synchronized (lock) {
            while (outstanding > 0 && outstanding + bytes > window) {
                JMSException failed = failure.current();
                if (failed != null) {
                    throw Errors.copy(failed);
                }
                try {
                    lock.wait(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Errors.wrap("interrupted while waiting for the broker to take earlier sends", e);
                }
            }
            outstanding += bytes;
        }
    }

    /** The broker credited {@code bytes} back (I/O thread). */
    void credited(long bytes) {
        synchronized (lock) {
            outstanding = Math.max(0, outstanding - bytes);
            lock.notifyAll();
        }
    }

    /** Wakes waiting senders so they see the connection failed or closed. */
    void wakeUp() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }
}
