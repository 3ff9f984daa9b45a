package org.letterbox.client.context;

import jakarta.jms.JMSException;
import jakarta.jms.Message;

/**
 * Optional hook a classic {@link jakarta.jms.MessageConsumer} may implement so that
 * {@link LetterboxJMSConsumer#receiveBody(Class)} behaves exactly as the javadoc requires in AUTO_ACKNOWLEDGE and
 * DUPS_OK_ACKNOWLEDGE sessions.
 *
 * <p>Without it the simplified API can only check the body after the classic {@code receive} returned, and by then an
 * AUTO/DUPS_OK session has already acknowledged the message: a refused message would be lost. Letterbox's
 * {@code LetterboxMessageConsumer} implements it.
 */
public interface ReceiveBodySupport {

    /**
     * Receives the next message like {@code receive}, {@code receive(timeout)} or {@code receiveNoWait()} (chosen by
     * {@code timeout}: {@code 0} blocks, {@code > 0} waits that many milliseconds, {@code < 0} does not wait), but
     * checks it first with {@link MessageBodies#bodyForReceive(Message, Class)}. If that check fails, the message is
     * NOT acknowledged (AUTO/DUPS_OK), stays at the head of this consumer's buffer, is not marked redelivered, its
     * delivery count is not incremented, and the MessageFormatException is thrown. In CLIENT_ACKNOWLEDGE and
     * transacted sessions the message counts as delivered (as after a successful receive) and the exception is
     * thrown.
     *
     * @return the message (whose body passed the check), or null on timeout or if the consumer is closed
     */
    Message receiveCheckingBody(Class<?> type, long timeout) throws JMSException;
}
