package org.letterbox.client;

import jakarta.jms.JMSException;
import org.letterbox.protocol.DestinationRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/**
 * Producer flow control on the client side: the broker's {@code FlowControl} notices say which destinations (or all)
 * are full, and a send to one of them waits here until the broker says it may go on, or the connection fails or
 * closes. As in Artemis, a blocked send waits as long as the destination stays full (a consumer has to make room),
 * logging a warning every {@link #WARN_EVERY_MILLIS}. Nothing waits while nothing is blocked.
 */
final class FlowGate {
    private static final Logger LOG = LoggerFactory.getLogger(FlowGate.class);
    static final long WARN_EVERY_MILLIS = 10_000;

    interface Failure {
        /** The connection's failure, or null while it is usable. */
        JMSException current();
    }

    private final Object lock = new Object();
    private final Set<DestinationRef> blocked = new HashSet<>();
    private boolean all;
    private volatile boolean anyBlocked;
    private final String remote;

    FlowGate(String remote) {
        this.remote = remote;
    }

    /** A notice from the broker (I/O thread): sends to {@code destination} (null: to all) wait, or may go on. */
    void update(DestinationRef destination, boolean blockedNow) {
        synchronized (lock) {
            if (destination == null) {
                all = blockedNow;
            } else if (blockedNow) {
                blocked.add(destination);
            } else {
                blocked.remove(destination);
            }
            anyBlocked = all || !blocked.isEmpty();
            lock.notifyAll();
        }
    }

    /** Wakes waiting senders so they see the connection failed or closed. */
    void wakeUp() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    boolean isBlocked(DestinationRef destination) {
        if (!anyBlocked) {
            return false;
        }
        synchronized (lock) {
            return all || blocked.contains(destination);
        }
    }

    /** Waits while sends to {@code destination} are held back; throws the connection's failure if it fails meanwhile. */
    void awaitOpen(DestinationRef destination, Failure failure) throws JMSException {
        if (!anyBlocked) {
            return;
        }
        long started = System.nanoTime();
        long nextWarning = WARN_EVERY_MILLIS;
        synchronized (lock) {
            while (all || blocked.contains(destination)) {
                JMSException failed = failure.current();
                if (failed != null) {
                    throw Errors.copy(failed);
                }
                try {
                    lock.wait(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Errors.wrap("interrupted while the send to " + destination + " was held back by flow control", e);
                }
                long waited = (System.nanoTime() - started) / 1_000_000;
                if (waited >= nextWarning) {
                    nextWarning += WARN_EVERY_MILLIS;
                    LOG.warn("a send to {} has waited {} s: {} is out of room ({}); a consumer must make room first",
                            destination, waited / 1000, remote, all ? "its memory budget is spent" : "the destination is full");
                }
            }
        }
    }
}
