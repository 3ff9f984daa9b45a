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
 * Delivers one message to one endpoint, bracketed by beforeDelivery/afterDelivery, and settles it: in the consumer's
 * local JMS transaction ({@link #deliver}) or in the endpoint's own XA transaction ({@link #deliverInTransaction}).
 * Either way a message the endpoint fails on is rolled back, so the broker redelivers it and dead-letters it after
 * its maximum delivery attempts.
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
     * Delivers {@code message} and commits {@code session} when the endpoint took it, rolls it back otherwise.
     *
     * @return true when the endpoint took the message (committed)
     * @throws JMSException when the commit or rollback itself fails (the connection is likely gone)
     */
    static boolean deliver(MessageEndpoint endpoint, Message message, Session session) throws JMSException {
        Exception failure;
        try {
            failure = bracketed(endpoint, message);
        } catch (Refused refused) {
            LOG.warn("endpoint refused delivery before onMessage: {}", refused.getCause().toString());
            session.rollback();
            return false;
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

    /**
     * Delivers {@code message} inside the endpoint's transaction: the container starts it in beforeDelivery, enlisting
     * the XA session's resource (which takes the message in), and commits or rolls it back in afterDelivery. If
     * beforeDelivery fails no transaction holds the message, so this throws and the XA session recovers it.
     */
    static void deliverInTransaction(MessageEndpoint endpoint, Message message) {
        Exception failure;
        try {
            failure = bracketed(endpoint, message);
        } catch (Refused refused) {
            throw new IllegalStateException("endpoint refused delivery before onMessage, the message goes back: "
                    + refused.getCause(), refused.getCause());
        }
        if (failure != null) {
            LOG.warn("message {} failed in the endpoint's transaction, which rolls it back for redelivery: {}",
                    messageId(message), failure.toString());
            LOG.debug("delivery failure", failure);
        }
    }

    /** beforeDelivery, onMessage, afterDelivery: the first failure of the last two, or null when all went well. */
    private static Exception bracketed(MessageEndpoint endpoint, Message message) throws Refused {
        try {
            endpoint.beforeDelivery(ON_MESSAGE);
        } catch (NoSuchMethodException | ResourceException | RuntimeException e) {
            throw new Refused(e);
        }
        Exception failure = null;
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
        return failure;
    }

    private static String messageId(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "?";
        }
    }

    /** beforeDelivery failed: the endpoint never saw the message. */
    private static final class Refused extends Exception {
        Refused(Exception cause) {
            super(cause);
        }
    }
}
