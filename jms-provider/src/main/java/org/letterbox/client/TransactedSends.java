package org.letterbox.client;

import jakarta.jms.JMSException;
import org.letterbox.protocol.Frame;

import java.util.concurrent.CompletableFuture;

/**
 * The sends of a session's open transaction. They are pipelined: only the reply to the last one is kept
 * (replies come in order), and the first failure among them, so that the commit can roll back instead.
 */
final class TransactedSends {
    private final ClientChannel channel;

    private volatile CompletableFuture<Frame> lastSend;
    private volatile JMSException firstFailure;
    private final java.util.Set<org.letterbox.protocol.DestinationRef> destinations =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    TransactedSends(ClientChannel channel) {
        this.channel = channel;
    }

    /**
     * A send in this transaction went out as a pipelined request: a refusal is remembered, and the commit
     * rolls the transaction back instead of committing it without that message.
     */
    void track(CompletableFuture<Frame> reply) {
        lastSend = reply;
        reply.whenComplete((frame, failure) -> {
            if (failure != null && firstFailure == null) {
                firstFailure = failure instanceof JMSException jms ? jms
                        : Errors.wrap(String.valueOf(failure), failure);
            }
        });
    }

    /**
     * Waits for the reply to the transaction's last send (replies come in order) and returns the first failure;
     * the next transaction starts clean.
     */
    JMSException awaitAll() throws JMSException {
        CompletableFuture<Frame> last = lastSend;
        JMSException lastFailure = null;
        if (last != null) {
            try {
                ClientChannel.await(last);
            } catch (JMSException e) {
                if (channel.failure() != null || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                lastFailure = e; // its whenComplete may not have run yet
            }
        }
        JMSException failure = firstFailure != null ? firstFailure : lastFailure;
        forget();
        return failure;
    }

    /** A send of this transaction goes to {@code destination} (its commit waits while that is held back). */
    void sentTo(org.letterbox.protocol.DestinationRef destination) {
        destinations.add(destination);
    }

    /** Where this transaction's sends go, for the commit's flow-control wait. */
    java.util.Set<org.letterbox.protocol.DestinationRef> destinations() {
        return destinations;
    }

    /** Rollback: the outcome of this transaction's sends no longer matters. */
    void forget() {
        lastSend = null;
        firstFailure = null;
        destinations.clear();
    }
}
