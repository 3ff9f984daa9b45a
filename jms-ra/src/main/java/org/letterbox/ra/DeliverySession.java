package org.letterbox.ra;

import jakarta.jms.JMSException;
import jakarta.resource.spi.endpoint.MessageEndpoint;

import javax.transaction.xa.XAResource;

/**
 * One activation consumer's session and how it hands messages to its endpoint, always on the calling (WorkManager)
 * thread: in a local JMS transaction per message ({@link LocalTransactedDelivery}), or inside the endpoint's own XA
 * transaction ({@link XaTransactedDelivery}) when the endpoint wants transacted delivery.
 */
interface DeliverySession extends AutoCloseable {

    /** What the endpoint is created with: the XAResource its container enlists in each delivery's transaction, or null. */
    XAResource xaResource();

    /**
     * Waits up to {@code timeoutMillis} for a message and delivers it to {@code endpoint}.
     *
     * @return false when no message came in time
     * @throws JMSException when the session or its connection failed
     */
    boolean deliverNext(MessageEndpoint endpoint, long timeoutMillis) throws JMSException;

    @Override
    void close() throws JMSException;
}
