package org.letterbox.ra;

import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.resource.spi.endpoint.MessageEndpoint;

import javax.transaction.xa.XAResource;

/**
 * Delivery for an endpoint without a container transaction (bean-managed, NOT_SUPPORTED): a transacted session, each
 * message committed when the endpoint took it and rolled back (redelivered) when it failed.
 */
final class LocalTransactedDelivery implements DeliverySession {

    private final Session session;
    private final MessageConsumer consumer;

    private LocalTransactedDelivery(Session session, MessageConsumer consumer) {
        this.session = session;
        this.consumer = consumer;
    }

    static LocalTransactedDelivery open(Connection connection, ActivationConfig config, Destination destination)
            throws JMSException {
        Session session = connection.createSession(Session.SESSION_TRANSACTED);
        try {
            return new LocalTransactedDelivery(session, config.createConsumer(session, destination));
        } catch (JMSException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public XAResource xaResource() {
        return null;
    }

    @Override
    public boolean deliverNext(MessageEndpoint endpoint, long timeoutMillis) throws JMSException {
        Message message = consumer.receive(timeoutMillis);
        if (message == null) {
            return false;
        }
        EndpointDelivery.deliver(endpoint, message, session);
        return true;
    }

    @Override
    public void close() throws JMSException {
        session.close();
    }
}
