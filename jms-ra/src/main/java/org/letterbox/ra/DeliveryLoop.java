package org.letterbox.ra;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * One of an activation's consumers, run as {@link Work} by the container's WorkManager: a transacted session on
 * the activation's shared connection, receiving and handing each message to its endpoint. When the connection
 * fails it gets the reconnected one and carries on, until the activation stops.
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
    private final CountDownLatch finished;
    /** Pauses between attempts when consuming keeps failing on a fresh connection (e.g. a subscription in use). */
    private final Backoff retry = new Backoff(100, 5000);
    private volatile boolean released;

    DeliveryLoop(ActivationConfig config, ActivationTarget target, ActivationConnection connections,
                 MessageEndpointFactory endpointFactory, CountDownLatch finished) {
        this.config = config;
        this.target = target;
        this.connections = connections;
        this.endpointFactory = endpointFactory;
        this.finished = finished;
    }

    @Override
    public void run() {
        try {
            Connection connection;
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
    private void consumeOn(Connection connection) throws InterruptedException {
        MessageEndpoint endpoint = null;
        try (Session session = connection.createSession(Session.SESSION_TRANSACTED)) {
            MessageConsumer consumer = config.createConsumer(session, target.destination());
            retry.reset();
            while (!released) {
                Message message = consumer.receive(RECEIVE_TIMEOUT_MILLIS);
                if (message == null) {
                    if (!connections.isCurrent(connection)) {
                        return;
                    }
                    continue;
                }
                if (endpoint == null) {
                    endpoint = createEndpoint(session);
                    if (endpoint == null) {
                        continue;
                    }
                }
                EndpointDelivery.deliver(endpoint, message, session);
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

    /** A new endpoint, or null (message rolled back, after a pause) while the application cannot take one. */
    private MessageEndpoint createEndpoint(Session session) throws JMSException, InterruptedException {
        try {
            return endpointFactory.createEndpoint(null, ENDPOINT_RETRY_MILLIS);
        } catch (UnavailableException e) {
            LOG.debug("endpoint unavailable, retrying: {}", e.getMessage());
            session.rollback();
            Thread.sleep(ENDPOINT_RETRY_MILLIS);
            return null;
        }
    }

    /** The container (or the activation) asks the loop to end. */
    @Override
    public void release() {
        released = true;
    }
}
