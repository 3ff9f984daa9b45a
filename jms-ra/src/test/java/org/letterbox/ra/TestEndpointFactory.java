package org.letterbox.ra;

import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import javax.transaction.xa.XAResource;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The container's message endpoint factory (an MDB's), reduced to: every endpoint hands messages to one
 * listener, and the endpoint checks the resource adapter brackets each onMessage with beforeDelivery and
 * afterDelivery.
 */
final class TestEndpointFactory implements MessageEndpointFactory {

    private final MessageListener listener;
    final AtomicInteger endpointsCreated = new AtomicInteger();
    final AtomicInteger endpointsReleased = new AtomicInteger();
    final AtomicInteger bracketViolations = new AtomicInteger();

    TestEndpointFactory(MessageListener listener) {
        this.listener = listener;
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource) {
        return createEndpoint(xaResource, 0);
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) {
        endpointsCreated.incrementAndGet();
        return new Endpoint();
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
        return false;
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
        private boolean inDelivery;

        @Override
        public void beforeDelivery(Method method) {
            if (inDelivery || !method.getName().equals("onMessage")) {
                bracketViolations.incrementAndGet();
            }
            inDelivery = true;
        }

        @Override
        public void onMessage(Message message) {
            if (!inDelivery) {
                bracketViolations.incrementAndGet();
            }
            listener.onMessage(message);
        }

        @Override
        public void afterDelivery() {
            if (!inDelivery) {
                bracketViolations.incrementAndGet();
            }
            inDelivery = false;
        }

        @Override
        public void release() {
            endpointsReleased.incrementAndGet();
        }
    }
}
