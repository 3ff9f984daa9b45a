package org.letterbox.client;

import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import org.letterbox.client.context.MessageBodies;
import org.letterbox.client.context.ReceiveBodySupport;
import org.letterbox.jms.LetterboxDestination;
import org.letterbox.jms.message.LetterboxMessage;
import org.letterbox.protocol.Frames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A consumer with a prefetch buffer filled by the broker within a credit window (or, with window 0, one
 * message per {@link Frames.Pull}). Deliveries are decoded only when handed to the application, on the
 * consuming thread. Credit goes back to the broker as the application consumes, in batches.
 */
public class LetterboxMessageConsumer implements QueueReceiver, TopicSubscriber, ReceiveBodySupport {
    private static final Logger LOG = LoggerFactory.getLogger(LetterboxMessageConsumer.class);

    private final LetterboxSession session;
    private final ClientChannel channel;
    private final LetterboxConnection connection;
    private final long consumerId;
    private final LetterboxDestination destination;
    private final String selector;
    private final boolean noLocal;
    private final String subscriptionName;
    private final boolean durable;
    private final boolean shared;
    private final int windowMessages;
    private final int windowBytes;
    private final boolean pullMode;
    private final int creditMessagesThreshold;
    private final int creditBytesThreshold;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // guarded by lock
    private final ArrayDeque<Frames.Deliver> buffer = new ArrayDeque<>();
    private int unreturnedMessages;
    private long unreturnedBytes;
    private boolean pullOutstanding;
    private long lastConsumedTag;

    private volatile boolean closed;
    private volatile MessageListener listener;

    LetterboxMessageConsumer(LetterboxSession session, long consumerId, LetterboxDestination destination,
                             String selector, boolean noLocal, String subscriptionName, boolean durable,
                             boolean shared) {
        this.session = session;
        this.channel = session.channel();
        this.connection = session.connection();
        this.consumerId = consumerId;
        this.destination = destination;
        this.selector = selector;
        this.noLocal = noLocal;
        this.subscriptionName = subscriptionName;
        this.durable = durable;
        this.shared = shared;
        ConnectionConfig config = connection.config();
        this.windowMessages = Math.max(0, config.consumerWindowMessages());
        this.windowBytes = Math.max(0, config.consumerWindowBytes());
        this.pullMode = windowMessages == 0;
        this.creditMessagesThreshold = Math.max(1, windowMessages / 2);
        this.creditBytesThreshold = windowBytes <= 0 ? Integer.MAX_VALUE : Math.max(1, windowBytes / 2);
    }

    /** Creates the consumer at the broker. */
    void open() throws JMSException {
        ClientChannel.await(channel.request(rid -> new Frames.CreateConsumer(rid, session.sessionId(), consumerId,
                destination.toRef(), selector, noLocal, subscriptionName, durable, shared, windowMessages,
                windowBytes)));
    }

    long consumerId() {
        return consumerId;
    }

    LetterboxDestination destination() {
        return destination;
    }

    String subscriptionName() {
        return subscriptionName;
    }

    boolean isDurable() {
        return durable;
    }

    boolean isShared() {
        return shared;
    }

    boolean isClosed() {
        return closed;
    }

    private void checkClosed() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("consumer is closed");
        }
        session.checkClosed();
    }

    // ------------------------------------------------------------------ from the I/O thread

    /** A delivery for this consumer: buffered (dropped while the session returns its deliveries). */
    void onDeliver(Frames.Deliver deliver) {
        if (session.isDiscarding()) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            buffer.addLast(deliver);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (listener != null) {
            session.dispatcher().scheduleDispatch();
        }
    }

    /** At the reply to a Rollback/Recover: what was buffered went back, and the window is full again. */
    void resetAfterReturn() {
        lock.lock();
        try {
            buffer.clear();
            unreturnedMessages = 0;
            unreturnedBytes = 0;
        } finally {
            lock.unlock();
        }
    }

    /** When a Rollback/Recover is sent: drop what is buffered (the broker returns it). */
    void clearBuffer() {
        lock.lock();
        try {
            buffer.clear();
        } finally {
            lock.unlock();
        }
    }

    /** After a rollback/recover/commit completed: resume listener delivery. */
    void afterSessionReset() {
        if (listener != null && !closed) {
            ensurePull();
            session.dispatcher().scheduleDispatch();
        }
    }

    void wakeUp() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void connectionStarted() {
        wakeUp();
        if (listener != null) {
            ensurePull();
        }
    }

    boolean isBufferEmpty() {
        lock.lock();
        try {
            return buffer.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    boolean hasDispatchable() {
        if (listener == null || closed) {
            return false;
        }
        return !isBufferEmpty();
    }

    // ------------------------------------------------------------------ credit and pulls (under lock)

    /** Bookkeeping for a delivery taken from the buffer to be handed out (under lock). */
    private void taken(Frames.Deliver deliver) {
        lastConsumedTag = Math.max(lastConsumedTag, deliver.tag());
        if (pullMode) {
            return;
        }
        unreturnedMessages++;
        unreturnedBytes += deliver.message() == null ? 0 : deliver.message().length;
        boolean idle = buffer.isEmpty();
        if (unreturnedMessages >= creditMessagesThreshold || unreturnedBytes >= creditBytesThreshold
                || (idle && (unreturnedMessages >= Math.max(1, windowMessages / 4)
                || unreturnedBytes >= creditBytesThreshold / 2))) {
            int messages = unreturnedMessages;
            int bytes = (int) Math.min(Integer.MAX_VALUE, unreturnedBytes);
            unreturnedMessages = 0;
            unreturnedBytes = 0;
            try {
                channel.send(new Frames.Credit(0, consumerId, messages, bytes));
            } catch (JMSException e) {
                LOG.debug("could not return credit for consumer {}", consumerId, e);
            }
        }
    }

    /** Pull mode: asks the broker for one message with the given timeout, unless a pull is outstanding (under lock). */
    private void pull(long timeoutMillis) {
        if (pullOutstanding) {
            return;
        }
        pullOutstanding = true;
        // the broker answers a pull when it delivers or when its own timeout ends: our deadline comes after that
        // (none for a pull that waits as long as the application does)
        long deadline = timeoutMillis < 0 ? 0 : connection.config().requestTimeoutMillis() == 0 ? 0
                : timeoutMillis + connection.config().requestTimeoutMillis();
        channel.request(rid -> new Frames.Pull(rid, consumerId, timeoutMillis), false, null, deadline)
                .whenComplete((reply, failure) -> {
            lock.lock();
            try {
                pullOutstanding = false;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (listener != null && !closed) {
                ensurePull(); // if the listener already took what this pull brought
                session.dispatcher().scheduleDispatch();
            }
        });
    }

    /** Pull mode with a listener: keeps one pull (without timeout) outstanding while started. */
    private void ensurePull() {
        if (!pullMode || closed || listener == null || !connection.isStarted()) {
            return;
        }
        lock.lock();
        try {
            if (buffer.isEmpty() && !pullOutstanding && !closed && channel.failure() == null) {
                pull(-1);
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ synchronous receive
    // An interrupt ends a blocked receive with null, the interrupt flag left set (see awaitReady).

    @Override
    public Message receive() throws JMSException {
        return receive0(-1L, null);
    }

    @Override
    public Message receive(long timeout) throws JMSException {
        return receive0(timeout <= 0 ? -1L : timeout, null);
    }

    @Override
    public Message receiveNoWait() throws JMSException {
        return receive0(0L, null);
    }

    /**
     * JMSConsumer.receiveBody: the body is checked before the message is taken from the buffer, so in AUTO and
     * DUPS_OK a refused message is neither acknowledged nor consumed; it stays first in line, unchanged.
     */
    @Override
    public Message receiveCheckingBody(Class<?> type, long timeout) throws JMSException {
        // ReceiveBodySupport: 0 blocks and < 0 does not wait; receive0: -1 blocks and 0 does not wait
        long wait = timeout == 0 ? -1L : timeout < 0 ? 0L : timeout;
        return receive0(wait, message -> MessageBodies.bodyForReceive(message, type));
    }

    /** A check of a message before it is handed out; its exception refuses the message. */
    @FunctionalInterface
    private interface BodyCheck {
        void check(Message message) throws JMSException;
    }

    /**
     * @param timeout -1 = no limit, 0 = only what is there now, else milliseconds
     * @param check   null, or the check a message must pass to be handed out (see {@link #handOut})
     */
    private Message receive0(long timeout, BodyCheck check) throws JMSException {
        checkClosed();
        if (listener != null) {
            throw new IllegalStateException("cannot receive synchronously: the consumer has a MessageListener");
        }
        long deadline = timeout > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout) : 0L;
        while (true) {
            if (!awaitReady(timeout, deadline)) {
                return null;
            }
            session.deliveryLock.lock();
            try {
                if (closed || session.isClosed()) {
                    return null;
                }
                LetterboxMessage message = handOut(check);
                if (message != null) {
                    return message;
                }
                // nothing ready after all, or an expired/undecodable message was settled: look again
            } finally {
                session.deliveryLock.unlock();
            }
        }
    }

    /**
     * Under the session's delivery lock, which keeps the head of the buffer in place (only the I/O thread adds, at
     * the tail): decodes the first delivery, checks it and only then takes it out and records it as delivered. A
     * message refused by {@code check} in AUTO/DUPS_OK stays at the head, unacknowledged; in CLIENT and transacted
     * sessions it counts as delivered. Returns null when there is nothing to hand out now.
     */
    private LetterboxMessage handOut(BodyCheck check) throws JMSException {
        Frames.Deliver deliver = head();
        if (deliver == null) {
            return null;
        }
        LetterboxMessage message = session.decode(deliver);
        if (message == null) {
            if (take(deliver)) {
                session.acknowledgements().settleUnused(deliver.tag());
            }
            return null;
        }
        JMSException refused = null;
        if (check != null) {
            try {
                check.check(message);
            } catch (JMSException e) {
                if (session.acknowledgements().acknowledgesOnDelivery()) {
                    throw e;
                }
                refused = e;
            }
        }
        if (!take(deliver)) {
            return null;
        }
        session.acknowledgements().delivered(deliver, false);
        session.acknowledgements().afterReceive(this);
        if (refused != null) {
            throw refused;
        }
        return message;
    }

    /** The first buffered delivery, if one may be handed out now. */
    private Frames.Deliver head() {
        lock.lock();
        try {
            if (closed || !connection.isStarted() || session.isDiscarding()) {
                return null;
            }
            return buffer.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Takes {@code deliver} off the head of the buffer; false if it is no longer there. */
    private boolean take(Frames.Deliver deliver) {
        lock.lock();
        try {
            if (buffer.peekFirst() != deliver) {
                return false;
            }
            buffer.pollFirst();
            taken(deliver);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a message can be handed out (started, buffered). False on timeout, close or interrupt
     * (the interrupt flag stays set). Throws if the connection failed.
     */
    private boolean awaitReady(long timeout, long deadline) throws JMSException {
        boolean pulledNow = false;
        lock.lock();
        try {
            while (true) {
                if (closed || session.isClosed() || connection.isClosed()) {
                    return false;
                }
                boolean started = connection.isStarted();
                if (started && !session.isDiscarding() && !buffer.isEmpty()) {
                    return true;
                }
                JMSException failed = channel.failure();
                if (failed != null && buffer.isEmpty()) {
                    throw Errors.copy(failed);
                }
                long remainingNanos = timeout > 0 ? deadline - System.nanoTime() : 0L;
                if (timeout > 0 && remainingNanos <= 0) {
                    return false;
                }
                if (pullMode && started && buffer.isEmpty() && !pullOutstanding) {
                    if (timeout == 0 && pulledNow) {
                        return false; // the broker had nothing right now
                    }
                    if (timeout > 0 && pulledNow && remainingNanos < TimeUnit.MILLISECONDS.toNanos(1)) {
                        return false;
                    }
                    long pullTimeout = timeout < 0 ? -1L
                            : timeout == 0 ? 0L : Math.max(1L, TimeUnit.NANOSECONDS.toMillis(remainingNanos));
                    pull(pullTimeout);
                    pulledNow = true;
                    continue;
                }
                if (timeout == 0 && !(pullMode && pullOutstanding && pulledNow)) {
                    return false;
                }
                try {
                    if (timeout > 0) {
                        changed.awaitNanos(remainingNanos);
                    } else {
                        changed.await();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ listener delivery (session delivery thread)

    /** Hands one buffered message to the listener; false when there was none to hand out. */
    boolean dispatchOne() {
        MessageListener l = listener;
        if (l == null || closed) {
            return false;
        }
        if (handOutTo(l, true) == HandOut.NONE) {
            return false;
        }
        ensurePull();
        return true;
    }

    /** What {@link #handOutTo} did with the head of the buffer. */
    private enum HandOut { NONE, SETTLED_UNUSED, DELIVERED }

    /**
     * Under the session's delivery lock: takes the first buffered delivery and hands it to {@code handler} as a
     * MessageListener gets it, then acknowledges per the session's mode (or recovers, if the handler threw).
     *
     * @param forListener true for this consumer's own MessageListener (stop once it is removed)
     */
    private HandOut handOutTo(MessageListener handler, boolean forListener) {
        session.deliveryLock.lock();
        try {
            Frames.Deliver deliver;
            lock.lock();
            try {
                if (closed || session.isClosed() || !connection.isStarted() || session.isDiscarding()
                        || (forListener && listener == null)) {
                    return HandOut.NONE;
                }
                deliver = buffer.pollFirst();
                if (deliver == null) {
                    return HandOut.NONE;
                }
                taken(deliver);
            } finally {
                lock.unlock();
            }
            LetterboxMessage message;
            try {
                message = session.accept(deliver, true);
            } catch (JMSException e) {
                LOG.warn("could not deliver {} to consumer {}", deliver.tag(), consumerId, e);
                return HandOut.SETTLED_UNUSED;
            }
            if (message == null) {
                return HandOut.SETTLED_UNUSED;
            }
            try {
                handler.onMessage(message);
                session.acknowledgements().afterListener(this);
            } catch (RuntimeException e) {
                session.listenerFailed(this, e);
            } catch (JMSException e) {
                LOG.warn("acknowledging {} of consumer {} failed", deliver.tag(), consumerId, e);
            }
            return HandOut.DELIVERED;
        } finally {
            session.deliveryLock.unlock();
        }
    }

    /**
     * For resource adapters, which deliver on their own (WorkManager) threads: waits up to {@code timeoutMillis} for a
     * message and hands it to {@code handler} on the calling thread exactly as a MessageListener of this consumer would
     * get it. It runs under the session's delivery lock; when it returns the message is acknowledged as the session's
     * mode says (AUTO: at once; transacted: with the transaction), and when it throws a RuntimeException an AUTO or
     * DUPS_OK session recovers the message (it comes back, flagged redelivered). On an {@link LetterboxXASession XA
     * session} a transaction branch that the handler starts ({@code XAResource.start}, e.g. in a message endpoint's
     * {@code beforeDelivery}) takes the message in, as it does for a listener.
     *
     * @param timeoutMillis how long to wait for a message; 0 or less: only take one that is already there
     * @return true when a message was handed to {@code handler}; false when none came in time, or the consumer or its
     * session closed meanwhile
     * @throws IllegalStateException if the consumer (or its session) is closed or has a MessageListener
     * @throws JMSException          if the connection failed
     */
    public boolean receiveAndDeliver(MessageListener handler, long timeoutMillis) throws JMSException {
        checkClosed();
        if (listener != null) {
            throw new IllegalStateException("cannot receive synchronously: the consumer has a MessageListener");
        }
        long timeout = timeoutMillis <= 0 ? 0L : timeoutMillis;
        long deadline = timeout > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout) : 0L;
        while (awaitReady(timeout, deadline)) {
            HandOut result = handOutTo(handler, false);
            if (result == HandOut.DELIVERED) {
                return true;
            }
            if (result == HandOut.NONE && timeout == 0) {
                return false;
            }
            // an expired or undecodable message was settled, or the head moved: look again
        }
        return false;
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkClosed();
        return listener;
    }

    @Override
    public void setMessageListener(MessageListener messageListener) throws JMSException {
        checkClosed();
        this.listener = messageListener;
        if (messageListener != null) {
            ensurePull();
            session.dispatcher().scheduleDispatch();
        }
    }

    // ------------------------------------------------------------------ close

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        // waits for a listener in progress on another thread; from its own onMessage the lock is ours already
        session.deliveryLock.lock();
        try {
            if (closed) {
                return;
            }
            long last = closeLocally();
            session.removeConsumer(this);
            if (channel.failure() == null && !session.isClosed()) {
                ClientChannel.await(channel.request(rid -> new Frames.CloseConsumer(rid, consumerId, last)));
            }
        } finally {
            session.deliveryLock.unlock();
        }
    }

    /** Marks closed, drops the buffer, wakes receivers; returns the last tag handed to the application. */
    long closeLocally() {
        long last;
        lock.lock();
        try {
            closed = true;
            buffer.clear();
            changed.signalAll();
            last = lastConsumedTag;
        } finally {
            lock.unlock();
        }
        connection.unregister(this);
        return last;
    }

    // ------------------------------------------------------------------ getters

    @Override
    public String getMessageSelector() throws JMSException {
        checkClosed();
        return selector;
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

    @Override
    public boolean getNoLocal() throws JMSException {
        checkClosed();
        return noLocal;
    }

    @Override
    public String toString() {
        return "LetterboxMessageConsumer[" + consumerId + " on " + destination + "]";
    }
}
