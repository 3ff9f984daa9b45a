package org.letterbox.examples.wildfly;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.jboss.ejb3.annotation.ResourceAdapter;

/**
 * Consumes the queue {@code examples.wildfly.orders} through the Letterbox resource adapter and keeps what it gets
 * in the {@link Inbox}. The activation config properties are the adapter's (see the README's resource adapter
 * section); {@code @ResourceAdapter} names the deployed {@code letterbox-ra.rar} instead of WildFly's default
 * messaging adapter.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = OrderMdb.QUEUE),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        // up to 4 messages in onMessage at once
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4"),
        // each consumer prefetches one message (the adapter's default, written out to show where it is set)
        @ActivationConfigProperty(propertyName = "consumerWindow", propertyValue = "1")
})
@ResourceAdapter("letterbox-ra.rar")
public class OrderMdb implements MessageListener {

    static final String QUEUE = "examples.wildfly.orders";

    @EJB
    private Inbox inbox;

    @Override
    public void onMessage(Message message) {
        try {
            inbox.add(message.getBody(String.class));
        } catch (JMSException e) {
            // the container rolls the delivery back: the broker redelivers the message, then dead-letters it
            throw new IllegalStateException("cannot read " + message, e);
        }
    }
}
