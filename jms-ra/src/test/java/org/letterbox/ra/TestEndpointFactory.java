package org.letterbox.ra;

import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import jakarta.resource.ResourceException;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The container's message endpoint factory (an MDB's), reduced to: every endpoint hands messages to one
 * listener, and the endpoint checks the resource adapter brackets each onMessage with beforeDelivery and
 * afterDelivery. With a {@link TestTransactionManager} it is a container-managed (REQUIRED) MDB's: deliveries are
 * transacted, beforeDelivery begins a global transaction and enlists the XAResource the endpoint was created with,
 * a listener that throws makes it rollback-only, and afterDelivery completes it.
 */
final class TestEndpointFactory implements MessageEndpointFactory {

    private final MessageListener listener;
    private final TestTransactionManager transactions;
    final AtomicInteger endpointsCreated = new AtomicInteger();
    final AtomicInteger endpointsReleased = new AtomicInteger();
    final AtomicInteger bracketViolations = new AtomicInteger();
    /** For each endpoint created: whether the adapter passed an XAResource (for transacted delivery). */
    final List<Boolean> createdWithXaResource = new CopyOnWriteArrayList<>();

    TestEndpointFactory(MessageListener listener) {
        this(listener, null);
    }

    TestEndpointFactory(MessageListener listener, TestTransactionManager transactions) {
        this.listener = listener;
        this.transactions = transactions;
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource) {
        return createEndpoint(xaResource, 0);
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) {
        endpointsCreated.incrementAndGet();
        createdWithXaResource.add(xaResource != null);
        return new Endpoint(xaResource);
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
        return transactions != null;
    }

    @Override
    public String getActivationName() {
        return "test-endpoint";
    }

    @Override
    public Class<?> getEndpointClass() {
        return MessageListener.class;
    }

    private final class Endpoint implements MessageEndpoint, MessageListener {
        private final XAResource xaResource;
        private boolean inDelivery;

        Endpoint(XAResource xaResource) {
            this.xaResource = xaResource;
        }

        @Override
        public void beforeDelivery(Method method) throws ResourceException {
            if (inDelivery || !method.getName().equals("onMessage")) {
                bracketViolations.incrementAndGet();
            }
            inDelivery = true;
            if (transactions != null) {
                transactions.begin();
                try {
                    transactions.enlist(xaResource);
                } catch (XAException e) {
                    throw new ResourceException("cannot enlist the delivery's XAResource: " + e.getMessage(), e);
                }
            }
        }

        @Override
        public void onMessage(Message message) {
            if (!inDelivery) {
                bracketViolations.incrementAndGet();
            }
            try {
                listener.onMessage(message);
            } catch (RuntimeException e) {
                if (transactions != null) {
                    transactions.setRollbackOnly(); // as an EJB container does for a system exception
                }
                throw e;
            }
        }

        @Override
        public void afterDelivery() throws ResourceException {
            if (!inDelivery) {
                bracketViolations.incrementAndGet();
            }
            inDelivery = false;
            if (transactions != null) {
                try {
                    transactions.commit();
                } catch (XAException e) {
                    throw new ResourceException("completing the delivery's transaction failed: " + e.getMessage(), e);
                }
            }
        }

        @Override
        public void release() {
            endpointsReleased.incrementAndGet();
        }
    }
}
