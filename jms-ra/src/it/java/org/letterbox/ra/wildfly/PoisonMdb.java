package org.letterbox.ra.wildfly;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.jboss.ejb3.annotation.ResourceAdapter;

/** An MDB that always fails: its messages must be redelivered and finally dead-lettered by the broker. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "wf.poison"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")
})
@ResourceAdapter("letterbox-ra.rar")
public class PoisonMdb implements MessageListener {

    @Override
    public void onMessage(Message message) {
        throw new IllegalStateException("poison message: this MDB always fails");
    }
}
