package org.letterbox.client.context;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;

/**
 * The simplified API's {@link JMSConsumer}, wrapping one classic {@link MessageConsumer} of its
 * {@link LetterboxJMSContext}'s session.
 *
 * <h2>receiveBody</h2>
 * The body is checked with {@link MessageBodies#bodyForReceive(Message, Class)}: StreamMessage, plain Message, a body
 * not assignable to the requested type, no body, or an ObjectMessage that cannot be deserialized give
 * {@link jakarta.jms.MessageFormatRuntimeException}. What happens to the message then depends on the session mode,
 * as the javadoc requires:
 * <ul>
 * <li>AUTO_ACKNOWLEDGE / DUPS_OK_ACKNOWLEDGE: as if the call had not happened; the same message is delivered again,
 * before any other, by the next {@code receive*} or {@code receiveBody*} of this consumer, not flagged redelivered.
 * This needs the classic consumer to implement {@link ReceiveBodySupport} (Letterbox's does): it checks the body
 * before it acknowledges, and a refused message simply stays first in line in the classic consumer, so nothing is
 * lost if the consumer or context closes. A classic consumer without that hook has already acknowledged the message
 * when its receive returns; a refused message is then lost (this class does not hold on to acknowledged messages).
 * </li>
 * <li>CLIENT_ACKNOWLEDGE and transacted: the message counts as delivered (acknowledge/commit covers it,
 * recover/rollback redelivers it).</li>
 * </ul>
 * A negative timeout in {@link #receiveBody(Class, long)} means "do not wait".
 *
 * <h2>Listeners</h2>
 * The application's MessageListener runs inside a callback scope of the context (so the context can refuse
 * close/stop from it) and each delivered message is recorded for {@link JMSContext#acknowledge()}. Closing this
 * consumer from its own listener is allowed (delegated to the classic consumer).
 */
public final class LetterboxJMSConsumer implements JMSConsumer {

    private final LetterboxJMSContext context;
    private final MessageConsumer consumer;

    LetterboxJMSConsumer(LetterboxJMSContext context, MessageConsumer consumer) {
        this.context = context;
        this.consumer = consumer;
    }

    /** The classic consumer this object wraps. */
    public MessageConsumer classicConsumer() {
        return consumer;
    }

    @Override
    public String getMessageSelector() {
        context.checkOpen();
        return LetterboxJMSContext.call(consumer::getMessageSelector);
    }

    @Override
    public MessageListener getMessageListener() {
        context.checkOpen();
        MessageListener current = LetterboxJMSContext.call(consumer::getMessageListener);
        return current instanceof ListenerAdapter adapter ? adapter.listener : current;
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        context.checkOpen();
        MessageListener adapter = listener == null ? null : new ListenerAdapter(context, listener);
        LetterboxJMSContext.call(() -> {
            consumer.setMessageListener(adapter);
            return null;
        });
    }

    @Override
    public Message receive() {
        return receiveMessage(0);
    }

    @Override
    public Message receive(long timeout) {
        return receiveMessage(timeout);
    }

    @Override
    public Message receiveNoWait() {
        return receiveMessage(-1);
    }

    @Override
    public void close() {
        LetterboxJMSContext.call(() -> {
            consumer.close();
            return null;
        });
    }

    @Override
    public <T> T receiveBody(Class<T> c) {
        return receiveBodyInternal(c, 0);
    }

    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        return receiveBodyInternal(c, timeout == 0 ? 0 : (timeout < 0 ? -1 : timeout));
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return receiveBodyInternal(c, -1);
    }

    // ------------------------------------------------------------------------------------------------ internals

    /** @param timeout 0 blocks, a positive value waits that long, a negative one does not wait */
    private Message receiveMessage(long timeout) {
        context.checkOpen();
        Message message = LetterboxJMSContext.call(() -> classicReceive(timeout));
        context.delivered(message);
        return message;
    }

    private Message classicReceive(long timeout) throws JMSException {
        if (timeout == 0) {
            return consumer.receive();
        }
        return timeout < 0 ? consumer.receiveNoWait() : consumer.receive(timeout);
    }

    private <T> T receiveBodyInternal(Class<T> type, long timeout) {
        context.checkOpen();
        boolean autoAck = context.mode() == JMSContext.AUTO_ACKNOWLEDGE
                || context.mode() == JMSContext.DUPS_OK_ACKNOWLEDGE;
        // in AUTO/DUPS_OK a refused message must stay unacknowledged: the classic layer checks before it acks;
        // in CLIENT and transacted modes a refused message counts as delivered, which a plain receive does
        Message message = LetterboxJMSContext.call(() -> autoAck && consumer instanceof ReceiveBodySupport support
                ? support.receiveCheckingBody(type, timeout) : classicReceive(timeout));
        if (message == null) {
            return null;
        }
        context.delivered(message);
        return LetterboxJMSContext.call(() -> MessageBodies.bodyForReceive(message, type));
    }

    /** Runs the application's listener inside a callback scope of the context. */
    private static final class ListenerAdapter implements MessageListener {
        private final LetterboxJMSContext context;
        final MessageListener listener;

        ListenerAdapter(LetterboxJMSContext context, MessageListener listener) {
            this.context = context;
            this.listener = listener;
        }

        @Override
        public void onMessage(Message message) {
            context.delivered(message);
            CallbackScope.Frame frame = CallbackScope.enter(context, CallbackScope.Kind.MESSAGE_LISTENER);
            try {
                listener.onMessage(message);
            } finally {
                CallbackScope.exit(frame);
            }
        }
    }
}
