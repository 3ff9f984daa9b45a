package org.letterbox.ra;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;

/**
 * Delivers one message to one endpoint, bracketed by beforeDelivery/afterDelivery, inside the consumer's local
 * JMS transaction: committed (acknowledged) when onMessage returns, rolled back (so the broker redelivers, and
 * dead-letters after its maximum delivery attempts) when onMessage or afterDelivery throws.
 *
 * <p>Until XA exists the message is not part of the endpoint's JTA transaction: a container-managed REQUIRED
 * MDB gets its own transaction from the container, and the message's acknowledgement follows the outcome the
 * container reports through afterDelivery.
 */
final class EndpointDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointDelivery.class);
    static final Method ON_MESSAGE;

    static {
        try {
            ON_MESSAGE = MessageListener.class.getMethod("onMessage", Message.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private EndpointDelivery() {
    }

    /**
     * Delivers {@code message} and commits or rolls back {@code session}.
     *
     * @return true when the endpoint took the message (committed)
     * @throws JMSException when the commit or rollback itself fails (the connection is likely gone)
     */
    static boolean deliver(MessageEndpoint endpoint, Message message, Session session) throws JMSException {
        Exception failure = null;
        try {
            endpoint.beforeDelivery(ON_MESSAGE);
        } catch (NoSuchMethodException | ResourceException | RuntimeException e) {
            LOG.warn("endpoint refused delivery before onMessage: {}", e.toString());
            session.rollback();
            return false;
        }
        try {
            ((MessageListener) endpoint).onMessage(message);
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            endpoint.afterDelivery();
        } catch (ResourceException | RuntimeException e) {
            failure = failure != null ? failure : e;
        }
        if (failure == null) {
            session.commit();
            return true;
        }
        LOG.warn("message {} not delivered, rolling back for redelivery: {}", message.getJMSMessageID(), failure.toString());
        LOG.debug("delivery failure", failure);
        session.rollback();
        return false;
    }
}
