package org.letterbox.ra;

import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.transaction.xa.XAResource;
import java.util.concurrent.CountDownLatch;

/**
 * One of an activation's consumers, run as {@link Work} by the container's WorkManager: a {@link DeliverySession} on
 * the activation's shared connection and an endpoint to deliver to, on this thread. When the connection fails it gets
 * the reconnected one and carries on, until the activation stops.
 */
final class DeliveryLoop implements Work {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);
    /** How long a receive waits, so a stop is noticed promptly even if no failure wakes it. */
    static final long RECEIVE_TIMEOUT_MILLIS = 500;
    private static final long ENDPOINT_RETRY_MILLIS = 1000;

    private final ActivationConfig config;
    private final ActivationTarget target;
    private final ActivationConnection connections;
    private final MessageEndpointFactory endpointFactory;
    private final boolean transacted;
    private final CountDownLatch finished;
    /** Pauses between attempts when consuming keeps failing on a fresh connection (e.g. a subscription in use). */
    private final Backoff retry = new Backoff(100, 5000);
    private volatile boolean released;

    /**
     * @param transacted the endpoint wants its deliveries in its own (XA) transaction
     */
    DeliveryLoop(ActivationConfig config, ActivationTarget target, ActivationConnection connections,
                 MessageEndpointFactory endpointFactory, boolean transacted, CountDownLatch finished) {
        this.config = config;
        this.target = target;
        this.connections = connections;
        this.endpointFactory = endpointFactory;
        this.transacted = transacted;
        this.finished = finished;
    }

    @Override
    public void run() {
        try {
            XAConnection connection;
            while (!released && (connection = connections.acquire()) != null) {
                consumeOn(connection);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
        }
    }

    /** Consumes until {@code connection} fails or the activation stops. */
    private void consumeOn(XAConnection connection) throws InterruptedException {
        MessageEndpoint endpoint = null;
        try (DeliverySession delivery = transacted
                ? XaTransactedDelivery.open(connection, config, target.destination())
                : LocalTransactedDelivery.open(connection, config, target.destination())) {
            endpoint = createEndpoint(delivery.xaResource());
            retry.reset();
            while (!released) {
                if (!delivery.deliverNext(endpoint, RECEIVE_TIMEOUT_MILLIS) && !connections.isCurrent(connection)) {
                    return;
                }
            }
        } catch (JMSException | RuntimeException e) {
            if (!released && connections.isCurrent(connection)) {
                connections.failed(connection, e);
            }
            if (!released) {
                LOG.debug("consumer on {} failed", target.destination(), e);
                Thread.sleep(retry.next());
            }
        } finally {
            if (endpoint != null) {
                endpoint.release();
            }
        }
    }

    /**
     * An endpoint created with {@code xaResource} (null for local delivery), waiting while the application cannot
     * take one yet; nothing is consumed meanwhile.
     */
    private MessageEndpoint createEndpoint(XAResource xaResource) throws InterruptedException {
        while (true) {
            try {
                return endpointFactory.createEndpoint(xaResource, ENDPOINT_RETRY_MILLIS);
            } catch (UnavailableException e) {
                if (released) {
                    throw new IllegalStateException("the activation stopped while waiting for an endpoint", e);
                }
                LOG.debug("endpoint unavailable, retrying: {}", e.getMessage());
                Thread.sleep(ENDPOINT_RETRY_MILLIS);
            }
        }
    }

    /** The container (or the activation) asks the loop to end. */
    @Override
    public void release() {
        released = true;
    }
}
