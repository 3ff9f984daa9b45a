package org.letterbox.ra.wildfly;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.jboss.ejb3.annotation.ResourceAdapter;

/**
 * A REQUIRED MDB that always fails: each delivery's XA transaction rolls back, so its messages must be redelivered and
 * finally dead-lettered by the broker.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "wf.poison"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")
})
@ResourceAdapter("letterbox-ra.rar")
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class PoisonMdb implements MessageListener {

    @Override
    public void onMessage(Message message) {
        throw new IllegalStateException("poison message: this MDB always fails");
    }
}
