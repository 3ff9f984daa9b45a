package org.letterbox.server.connection;

import org.letterbox.protocol.Frames;
import org.letterbox.selector.Selector;
import org.letterbox.server.destination.MessageQueue;
import org.letterbox.server.destination.QueueConsumer;
import org.letterbox.server.destination.QueueEntry;
import org.letterbox.server.destination.Scheduler;
import org.letterbox.server.destination.Selectors;
import org.letterbox.server.destination.Subscription;

/**
 * The broker side of one client consumer: its credit window, its selector, and (for pull consumers) the
 * one outstanding Pull request. Never sends beyond the credit the client gave it.
 */
final class ServerConsumer implements QueueConsumer {
    private final long id;
    private final ServerSession session;
    private final MessageQueue queue;
    private final Subscription subscription; // null for a queue consumer
    private final Selector selector;         // queue consumers only; a subscription filters at routing
    private final int windowMessages;
    private final int windowBytes;
    private int creditMessages;
    private long creditBytes;
    private int pendingPullRequest;          // window 0: the Pull being served, 0 if none
    private Scheduler.Cancellable pullTimeout;

    ServerConsumer(long id, ServerSession session, MessageQueue queue, Subscription subscription, Selector selector,
                   int windowMessages, int windowBytes) {
        this.id = id;
        this.session = session;
        this.queue = queue;
        this.subscription = subscription;
        this.selector = selector;
        this.windowMessages = Math.max(0, windowMessages);
        this.windowBytes = Math.max(0, windowBytes);
        resetCredit();
    }

    long id() {
        return id;
    }

    ServerSession session() {
        return session;
    }

    MessageQueue queue() {
        return queue;
    }

    Subscription subscription() {
        return subscription;
    }

    @Override
    public boolean hasCredit() {
        if (!session.connection().canDeliver()) {
            return false; // stopped, or the client does not read what it was sent: it gets more once it drains
        }
        if (windowMessages == 0) {
            return pendingPullRequest != 0;
        }
        return creditMessages > 0 && (windowBytes == 0 || creditBytes > 0);
    }

    @Override
    public boolean accepts(QueueEntry entry) {
        return Selectors.matches(selector, entry);
    }

    @Override
    public void deliver(QueueEntry entry, MessageQueue from) {
        byte[] bytes = entry.message().bytes();
        long tag = session.track(entry, from, this);
        creditMessages--;
        creditBytes -= bytes.length;
        ServerConnection connection = session.connection();
        connection.write(new Frames.Deliver(0, id, tag, entry.deliveryCount(), bytes));
        if (pendingPullRequest != 0) {
            connection.write(new Frames.PullDone(pendingPullRequest, true));
            clearPull();
        }
    }

    void addCredit(int messages, int bytes) {
        creditMessages += messages;
        creditBytes += bytes;
    }

    /** After a rollback/recover the client emptied its buffer, so the whole window is free again. */
    void resetCredit() {
        creditMessages = windowMessages;
        creditBytes = windowBytes;
    }

    /** Serves one Pull: deliver now if possible, else wait up to timeoutMillis (-1 = until closed). */
    void pull(int requestId, long timeoutMillis, Scheduler scheduler) {
        if (pendingPullRequest != 0) {
            session.connection().write(new Frames.PullDone(pendingPullRequest, false));
            clearPull();
        }
        pendingPullRequest = requestId;
        queue.dispatch();
        if (pendingPullRequest != requestId) {
            return; // delivered
        }
        if (timeoutMillis == 0) {
            endPull();
        } else if (timeoutMillis > 0) {
            pullTimeout = scheduler.schedule(() -> {
                if (pendingPullRequest == requestId) {
                    endPull();
                }
            }, timeoutMillis);
        }
    }

    /** Answers an outstanding Pull with "nothing delivered". */
    void endPull() {
        if (pendingPullRequest != 0) {
            session.connection().write(new Frames.PullDone(pendingPullRequest, false));
            clearPull();
        }
    }

    private void clearPull() {
        pendingPullRequest = 0;
        if (pullTimeout != null) {
            pullTimeout.cancel();
            pullTimeout = null;
        }
    }
}
