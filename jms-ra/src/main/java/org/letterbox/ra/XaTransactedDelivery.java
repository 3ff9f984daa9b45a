package org.letterbox.ra;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import org.letterbox.client.LetterboxMessageConsumer;

import javax.transaction.xa.XAResource;

/**
 * Delivery for an endpoint with a container-managed transaction (a REQUIRED MDB): an XA session whose XAResource the
 * endpoint was created with. Each message is handed over as a MessageListener would get it
 * ({@link LetterboxMessageConsumer#receiveAndDeliver}), so the branch the container starts in {@code beforeDelivery}
 * takes the message in: the receive and the endpoint's other transactional work (sends through the adapter's pooled
 * factory) commit or roll back together in {@code afterDelivery}.
 */
final class XaTransactedDelivery implements DeliverySession {

    private final XASession session;
    private final LetterboxMessageConsumer consumer;

    private XaTransactedDelivery(XASession session, LetterboxMessageConsumer consumer) {
        this.session = session;
        this.consumer = consumer;
    }

    static XaTransactedDelivery open(XAConnection connection, ActivationConfig config, Destination destination)
            throws JMSException {
        XASession session = connection.createXASession();
        try {
            return new XaTransactedDelivery(session, (LetterboxMessageConsumer) config.createConsumer(session, destination));
        } catch (JMSException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public XAResource xaResource() {
        return session.getXAResource();
    }

    @Override
    public boolean deliverNext(MessageEndpoint endpoint, long timeoutMillis) throws JMSException {
        return consumer.receiveAndDeliver(message -> EndpointDelivery.deliverInTransaction(endpoint, message), timeoutMillis);
    }

    @Override
    public void close() throws JMSException {
        session.close();
    }
}
