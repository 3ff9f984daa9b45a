package org.letterbox.examples.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.annotation.JmsListener;
import org.springframework.jms.support.JmsHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Consumes the {@value #QUEUE} queue. Each message is processed in a transaction (see
 * {@link JmsConfig#jmsListenerContainerFactory}): returning normally commits it, throwing rolls it back
 * and the broker delivers the message again.
 */
@Component
public class OrderListener {

    public static final String QUEUE = "examples.orders";
    private static final Logger LOG = LoggerFactory.getLogger(OrderListener.class);

    private final Inbox inbox;

    public OrderListener(Inbox inbox) {
        this.inbox = inbox;
    }

    @JmsListener(id = "orders", destination = QUEUE)
    public void onOrder(String order,
                        @Header(JmsHeaders.REDELIVERED) boolean redelivered,
                        @Header("JMSXDeliveryCount") int deliveryCount) {
        LOG.info("Order received: {} (redelivered={}, deliveryCount={})", order, redelivered, deliveryCount);
        inbox.record(new Inbox.Delivery("orders", order, redelivered, deliveryCount));

        // Demonstrates redelivery: an order marked "fail-once" fails its first attempt. The exception rolls
        // the transaction back, so the message is not lost: it comes back with JMSRedelivered=true and
        // JMSXDeliveryCount=2, and this time it succeeds.
        if (order.contains("fail-once") && deliveryCount == 1) {
            throw new IllegalStateException("simulated failure processing " + order);
        }
    }
}
