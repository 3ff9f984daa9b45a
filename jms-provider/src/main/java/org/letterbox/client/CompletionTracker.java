package org.letterbox.client;

import jakarta.jms.CompletionListener;
import jakarta.jms.Message;
import org.letterbox.protocol.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * A session's async sends: runs each CompletionListener when its reply arrives, on the session's completion
 * thread (created when first needed), in send order, and lets the session wait until all have run.
 */
final class CompletionTracker {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionTracker.class);

    private static final ThreadLocal<LetterboxSession> COMPLETING = new ThreadLocal<>();

    private final LetterboxSession session;

    private final Object lock = new Object();
    // guarded by lock
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private int outstanding;
    private ExecutorService executor;

    CompletionTracker(LetterboxSession session) {
        this.session = session;
    }

    /** The session whose CompletionListener the current thread is running, or null. */
    static LetterboxSession currentSession() {
        return COMPLETING.get();
    }

    /**
     * Runs the CompletionListener of an async send when its reply arrives, on this session's completion
     * thread, in send order.
     */
    void track(CompletableFuture<Frame> reply, Message message, CompletionListener listener) {
        CompletableFuture<Void> previous;
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            outstanding++;
            previous = tail;
            tail = done;
        }
        reply.whenComplete((frame, failure) -> previous.whenComplete((x, y) -> {
            Runnable callback = () -> runCompletion(message, listener, failure, done);
            try {
                executor().execute(callback);
            } catch (RejectedExecutionException e) {
                Thread t = new Thread(callback, "letterbox-completion-" + session.sessionId());
                t.setDaemon(true);
                t.start();
            }
        }));
    }

    private void runCompletion(Message message, CompletionListener listener, Throwable failure,
                               CompletableFuture<Void> done) {
        COMPLETING.set(session);
        try {
            if (failure == null) {
                listener.onCompletion(message);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                listener.onException(message, cause instanceof Exception ex ? ClientChannel.unwrap(ex)
                        : Errors.wrap(String.valueOf(cause), cause));
            }
        } catch (RuntimeException e) {
            LOG.warn("CompletionListener threw", e);
        } finally {
            COMPLETING.remove();
            synchronized (lock) {
                outstanding--;
                lock.notifyAll();
            }
            done.complete(null);
        }
    }

    private ExecutorService executor() {
        synchronized (lock) {
            if (executor == null) {
                String name = "letterbox-completion-" + session.connection().connectionId() + "-" + session.sessionId();
                executor = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
            }
            return executor;
        }
    }

    /** Waits until every async send of this session has completed and its CompletionListener returned. */
    void awaitAll() {
        if (COMPLETING.get() == session) {
            return;
        }
        boolean interrupted = false;
        synchronized (lock) {
            while (outstanding > 0) {
                try {
                    lock.wait(1000);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The connection failed: wake whoever waits in {@link #awaitAll()} to look again. */
    void wakeWaiters() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    void shutdown() {
        synchronized (lock) {
            if (executor != null) {
                executor.shutdown();
            }
        }
    }
}
