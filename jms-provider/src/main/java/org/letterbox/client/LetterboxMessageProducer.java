package org.letterbox.client;

import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.Queue;
import jakarta.jms.QueueSender;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import org.letterbox.jms.LetterboxDestination;
import org.letterbox.jms.message.LetterboxMessage;
import org.letterbox.protocol.DestinationRef;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.Frames;

import java.util.concurrent.CompletableFuture;

/**
 * A producer. Headers are set on the application's message object (even another provider's), the message
 * is encoded once and sent as a {@link Frames.Send}: persistent sends wait for the broker's receipt,
 * non-persistent ones are one-way (unless configured to block), transacted ones are pipelined and checked
 * at commit, async sends complete through their CompletionListener.
 */
public class LetterboxMessageProducer implements QueueSender, TopicPublisher {

    /** Frame overhead on top of the encoded message (header, session id, destination). */
    private static final int SEND_OVERHEAD = 64;

    private final LetterboxSession session;
    private final LetterboxConnection connection;
    private final ClientChannel channel;
    private final LetterboxDestination destination;

    private volatile boolean closed;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
    private boolean disableMessageID;
    private boolean disableMessageTimestamp;

    LetterboxMessageProducer(LetterboxSession session, LetterboxDestination destination) {
        this.session = session;
        this.connection = session.connection();
        this.channel = session.channel();
        this.destination = destination;
    }

    private void checkClosed() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("producer is closed");
        }
        session.checkClosed();
    }

    // ------------------------------------------------------------------ settings

    @Override
    public void setDisableMessageID(boolean value) throws JMSException {
        checkClosed();
        disableMessageID = value;
    }

    @Override
    public boolean getDisableMessageID() throws JMSException {
        checkClosed();
        return disableMessageID;
    }

    @Override
    public void setDisableMessageTimestamp(boolean value) throws JMSException {
        checkClosed();
        disableMessageTimestamp = value;
    }

    @Override
    public boolean getDisableMessageTimestamp() throws JMSException {
        checkClosed();
        return disableMessageTimestamp;
    }

    @Override
    public void setDeliveryMode(int deliveryMode) throws JMSException {
        checkClosed();
        validateDeliveryMode(deliveryMode);
        this.deliveryMode = deliveryMode;
    }

    @Override
    public int getDeliveryMode() throws JMSException {
        checkClosed();
        return deliveryMode;
    }

    @Override
    public void setPriority(int defaultPriority) throws JMSException {
        checkClosed();
        validatePriority(defaultPriority);
        this.priority = defaultPriority;
    }

    @Override
    public int getPriority() throws JMSException {
        checkClosed();
        return priority;
    }

    @Override
    public void setTimeToLive(long timeToLive) throws JMSException {
        checkClosed();
        this.timeToLive = timeToLive;
    }

    @Override
    public long getTimeToLive() throws JMSException {
        checkClosed();
        return timeToLive;
    }

    @Override
    public void setDeliveryDelay(long deliveryDelay) throws JMSException {
        checkClosed();
        if (deliveryDelay < 0) {
            throw new JMSException("delivery delay must not be negative: " + deliveryDelay);
        }
        this.deliveryDelay = deliveryDelay;
    }

    @Override
    public long getDeliveryDelay() throws JMSException {
        checkClosed();
        return deliveryDelay;
    }

    @Override
    public Destination getDestination() throws JMSException {
        checkClosed();
        return destination;
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkClosed();
        return destination instanceof Queue q ? q : null;
    }

    @Override
    public Topic getTopic() throws JMSException {
        checkClosed();
        return destination instanceof Topic t ? t : null;
    }

    static void validateDeliveryMode(int mode) throws JMSException {
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("invalid delivery mode " + mode);
        }
    }

    static void validatePriority(int priority) throws JMSException {
        if (priority < 0 || priority > 9) {
            throw new JMSException("priority must be 0..9, not " + priority);
        }
    }

    // ------------------------------------------------------------------ close

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        session.checkNotInCompletionListener("close on its own MessageProducer");
        session.completions().awaitAll();
        closed = true;
        session.removeProducer(this);
    }

    void closeLocally() {
        closed = true;
    }

    // ------------------------------------------------------------------ send: producer's destination

    @Override
    public void send(Message message) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        doSend(ownDestination(), message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Message message, CompletionListener completionListener) throws JMSException {
        send(message, deliveryMode, priority, timeToLive, completionListener);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive,
                     CompletionListener completionListener) throws JMSException {
        doSend(ownDestination(), message, deliveryMode, priority, timeToLive, requireListener(completionListener));
    }

    // ------------------------------------------------------------------ send: explicit destination

    @Override
    public void send(Destination destination, Message message) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        doSend(explicitDestination(destination), message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Destination destination, Message message, CompletionListener completionListener)
            throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive, completionListener);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive,
                     CompletionListener completionListener) throws JMSException {
        doSend(explicitDestination(destination), message, deliveryMode, priority, timeToLive,
                requireListener(completionListener));
    }

    // ------------------------------------------------------------------ QueueSender / TopicPublisher

    @Override
    public void send(Queue queue, Message message) throws JMSException {
        send((Destination) queue, message);
    }

    @Override
    public void send(Queue queue, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send((Destination) queue, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Message message) throws JMSException {
        send(message);
    }

    @Override
    public void publish(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Topic topic, Message message) throws JMSException {
        send(topic, message);
    }

    @Override
    public void publish(Topic topic, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send(topic, message, deliveryMode, priority, timeToLive);
    }

    // ------------------------------------------------------------------ the send itself

    private LetterboxDestination ownDestination() throws JMSException {
        checkClosed();
        if (destination == null) {
            throw new UnsupportedOperationException("this producer has no destination: use a send method that names one");
        }
        return destination;
    }

    private LetterboxDestination explicitDestination(Destination d) throws JMSException {
        checkClosed();
        if (destination != null) {
            throw new UnsupportedOperationException("this producer sends to " + destination
                    + ": use a send method without a destination");
        }
        if (d == null) {
            throw new InvalidDestinationException("destination must not be null");
        }
        return LetterboxDestination.from(d);
    }

    private static CompletionListener requireListener(CompletionListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("CompletionListener must not be null");
        }
        return listener;
    }

    private void doSend(LetterboxDestination target, Message message, int mode, int prio, long ttl,
                        CompletionListener completionListener) throws JMSException {
        if (message == null) {
            throw new MessageFormatException("message must not be null");
        }
        validateDeliveryMode(mode);
        validatePriority(prio);
        connection.checkTemporaryForSend(target);

        long now = System.currentTimeMillis();
        message.setJMSDestination(target);
        message.setJMSDeliveryMode(mode);
        message.setJMSPriority(prio);
        message.setJMSExpiration(ttl > 0 ? now + ttl : 0L);
        message.setJMSTimestamp(disableMessageTimestamp ? 0L : now);
        message.setJMSMessageID(disableMessageID ? null : connection.nextMessageId());
        message.setJMSDeliveryTime(now + deliveryDelay);

        LetterboxMessage own = ClientMessages.toLetterbox(message);
        byte[] bytes = ClientMessages.encode(own);
        int limit = connection.maxFrameSize();
        if (limit > 0 && (long) bytes.length + SEND_OVERHEAD + target.getPhysicalName().length() * 3L > limit) {
            throw new jakarta.jms.ResourceAllocationException("message of " + bytes.length
                    + " bytes exceeds the broker's maximum frame size of " + limit + " bytes");
        }
        DestinationRef ref = target.toRef();
        int sessionId = session.sessionId();
        boolean heldByBroker = session.transactionOpen() && completionListener == null;
        if (heldByBroker) {
            // held until commit: the commit waits for room (holding back a send here could stall the very commit
            // that would make room); only the send window paces it
            connection.awaitSendWindow(bytes.length);
            session.transactedSends().sentTo(ref);
        } else {
            connection.awaitSendAllowed(ref, bytes.length); // flow control, and the send window
        }

        if (completionListener != null) {
            CompletableFuture<Frame> reply = channel.request(rid -> new Frames.Send(rid, sessionId, ref, bytes),
                    true, null);
            session.completions().track(reply, message, completionListener);
            return;
        }
        if (session.transactionOpen()) {
            // held by the broker until commit: pipelined, the commit checks that every one was accepted
            session.transactedSends().track(
                    channel.request(rid -> new Frames.Send(rid, sessionId, ref, bytes), true, null));
            return;
        }
        boolean waitForReceipt = mode == DeliveryMode.PERSISTENT || connection.config().blockOnNonPersistentSend();
        if (waitForReceipt) {
            ClientChannel.await(channel.request(rid -> new Frames.Send(rid, sessionId, ref, bytes), true, null));
        } else {
            channel.sendBlocking(new Frames.Send(0, sessionId, ref, bytes));
        }
    }

    @Override
    public String toString() {
        return "LetterboxMessageProducer[" + (destination == null ? "anonymous" : destination) + "]";
    }
}
