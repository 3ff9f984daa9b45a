package org.letterbox.client;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers a session's messages to its MessageListeners on one delivery thread of its own, created when first
 * needed, so messages for different consumers of one session are delivered serially.
 */
final class ListenerDispatcher {
    private static final ThreadLocal<LetterboxSession> DELIVERING = new ThreadLocal<>();

    private final LetterboxSession session;
    private final List<LetterboxMessageConsumer> consumers;

    private final Object executorLock = new Object();
    private ExecutorService executor;
    private final AtomicBoolean dispatchScheduled = new AtomicBoolean();

    /** @param consumers the session's live list of consumers */
    ListenerDispatcher(LetterboxSession session, List<LetterboxMessageConsumer> consumers) {
        this.session = session;
        this.consumers = consumers;
    }

    /** The session whose MessageListener the current thread is running, or null. */
    static LetterboxSession currentSession() {
        return DELIVERING.get();
    }

    /** Has the delivery thread look for messages for the listeners (when started). */
    void scheduleDispatch() {
        if (session.isClosed() || !session.connection().isStarted()) {
            return;
        }
        if (dispatchScheduled.compareAndSet(false, true)) {
            try {
                executor().execute(this::dispatch);
            } catch (RejectedExecutionException e) {
                dispatchScheduled.set(false);
            }
        }
    }

    private ExecutorService executor() {
        synchronized (executorLock) {
            if (executor == null) {
                String name = "letterbox-session-" + session.connection().connectionId() + "-" + session.sessionId();
                executor = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
            }
            return executor;
        }
    }

    /** On the delivery thread: one message per listener consumer in turn, until none has one. */
    private void dispatch() {
        DELIVERING.set(session);
        try {
            while (true) {
                boolean delivered = false;
                for (LetterboxMessageConsumer consumer : consumers) {
                    if (session.isClosed() || !session.connection().isStarted()) {
                        dispatchScheduled.set(false);
                        return;
                    }
                    delivered |= consumer.dispatchOne();
                }
                if (!delivered) {
                    dispatchScheduled.set(false);
                    if (!hasDispatchable() || !dispatchScheduled.compareAndSet(false, true)) {
                        return;
                    }
                }
            }
        } finally {
            DELIVERING.remove();
        }
    }

    private boolean hasDispatchable() {
        if (session.isClosed() || !session.connection().isStarted() || session.isDiscarding()) {
            return false;
        }
        for (LetterboxMessageConsumer consumer : consumers) {
            if (consumer.hasDispatchable()) {
                return true;
            }
        }
        return false;
    }

    void shutdown() {
        synchronized (executorLock) {
            if (executor != null) {
                executor.shutdown();
            }
        }
    }
}
