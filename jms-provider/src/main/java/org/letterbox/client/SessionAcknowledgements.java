package org.letterbox.client;

import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.letterbox.protocol.Frames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's acknowledgement bookkeeping for its ack mode.
 *
 * <p>Every delivery handed to the application is remembered as "consumed" until it is acknowledged: at once
 * (AUTO after a receive), after onMessage (AUTO listener), in batches (DUPS_OK), by {@code Message.acknowledge()}
 * (CLIENT, session-wide) or by commit (TRANSACTED, which drains them with {@link #drainConsumed()}).
 *
 * <p>An XA session switches modes ({@link #switchMode}): AUTO outside a transaction branch, TRANSACTED inside one.
 */
final class SessionAcknowledgements {
    private static final Logger LOG = LoggerFactory.getLogger(SessionAcknowledgements.class);

    /** DUPS_OK acknowledgements are sent when this many are pending (or when the consumer runs dry). */
    static final int DUPS_OK_BATCH = 64;

    private final ClientChannel channel;
    private final int sessionId;
    private volatile int mode;

    /** Deliveries handed to the application and not yet acknowledged (guarded by itself). */
    private final TagList consumed = new TagList();

    SessionAcknowledgements(ClientChannel channel, int sessionId, int mode) {
        this.channel = channel;
        this.sessionId = sessionId;
        this.mode = mode;
    }

    /** The mode acknowledgements follow now (SESSION_TRANSACTED: they wait for the transaction). */
    int mode() {
        return mode;
    }

    /** An XA session entering (SESSION_TRANSACTED) or leaving (AUTO_ACKNOWLEDGE) a transaction branch. */
    void switchMode(int mode) {
        this.mode = mode;
    }

    /** Puts tags drained for a request that failed back among the consumed ones. */
    void restoreConsumed(long[] tags) {
        synchronized (consumed) {
            for (long tag : tags) {
                consumed.add(tag);
            }
        }
    }

    /** Records a delivery handed to the application: an AUTO receive acks it at once, otherwise it is consumed. */
    void delivered(Frames.Deliver deliver, boolean forListener) throws JMSException {
        if (mode == Session.AUTO_ACKNOWLEDGE && !forListener) {
            channel.send(new Frames.Ack(0, sessionId, new long[]{deliver.tag()}));
        } else {
            synchronized (consumed) {
                consumed.add(deliver.tag());
            }
        }
    }

    /**
     * True when handing a message out also acknowledges it (AUTO, DUPS_OK): a message that receiveBody refuses
     * must then not be handed out at all, as the application never got it.
     */
    boolean acknowledgesOnDelivery() {
        return mode == Session.AUTO_ACKNOWLEDGE || mode == Session.DUPS_OK_ACKNOWLEDGE;
    }

    /** A delivery that was never handed to the application but must not come back (expired, corrupt). */
    void settleUnused(long tag) throws JMSException {
        if (mode == Session.SESSION_TRANSACTED) {
            synchronized (consumed) {
                consumed.add(tag);
            }
        } else {
            channel.send(new Frames.Ack(0, sessionId, new long[]{tag}));
        }
    }

    /** After a receive handed out a message: DUPS_OK sends its batch when full or when the consumer ran dry. */
    void afterReceive(LetterboxMessageConsumer consumer) throws JMSException {
        if (mode == Session.DUPS_OK_ACKNOWLEDGE) {
            flushDupsOk(consumer.isBufferEmpty());
        }
    }

    /** After onMessage returned: AUTO acks it, DUPS_OK batches. */
    void afterListener(LetterboxMessageConsumer consumer) throws JMSException {
        if (mode == Session.AUTO_ACKNOWLEDGE) {
            flushAcks();
        } else if (mode == Session.DUPS_OK_ACKNOWLEDGE) {
            flushDupsOk(consumer.isBufferEmpty());
        }
    }

    private void flushDupsOk(boolean idle) throws JMSException {
        long[] tags;
        synchronized (consumed) {
            if (consumed.isEmpty() || (!idle && consumed.size() < DUPS_OK_BATCH)) {
                return;
            }
            tags = consumed.drain();
        }
        channel.send(new Frames.Ack(0, sessionId, tags));
    }

    /** Sends a one-way Ack for everything consumed (AUTO / DUPS_OK). */
    private void flushAcks() throws JMSException {
        long[] tags = drainConsumed();
        if (tags.length > 0) {
            channel.send(new Frames.Ack(0, sessionId, tags));
        }
    }

    /** Message.acknowledge() in CLIENT mode: acknowledges every message the session has consumed; else nothing. */
    void acknowledgeConsumed() throws JMSException {
        if (mode != Session.CLIENT_ACKNOWLEDGE) {
            return;
        }
        long[] tags = drainConsumed();
        if (tags.length == 0) {
            return;
        }
        ClientChannel.await(channel.request(rid -> new Frames.Ack(rid, sessionId, tags)));
    }

    /**
     * At session close: AUTO/DUPS_OK send a final ack for what was consumed and return nothing; the others
     * return the consumed tags (CLIENT: unacknowledged ones come back flagged; TRANSACTED: the open
     * transaction rolls back).
     */
    long[] settleOnClose() {
        if (acknowledgesOnDelivery()) {
            long[] tags = drainConsumed();
            if (tags.length > 0 && channel.failure() == null) {
                try {
                    channel.send(new Frames.Ack(0, sessionId, tags));
                } catch (JMSException e) {
                    LOG.debug("final ack of session {} failed", sessionId, e);
                }
            }
            return TagList.empty();
        }
        return drainConsumed();
    }

    /** The consumed tags (for a commit, rollback or recover to name); none are remembered afterwards. */
    long[] drainConsumed() {
        synchronized (consumed) {
            return consumed.drain();
        }
    }
}
