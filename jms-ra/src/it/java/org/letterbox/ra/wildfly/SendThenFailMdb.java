package org.letterbox.ra.wildfly;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.jboss.ejb3.annotation.ResourceAdapter;

/**
 * A REQUIRED MDB on {@code wf.xa.sendfail} that sends to {@code wf.xa.sideeffects} through the pooled factory and then
 * throws: its XA transaction rolls back the receive and the send together, every time, until the broker dead-letters
 * the message; nothing ever reaches {@code wf.xa.sideeffects}.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "wf.xa.sendfail"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")
})
@ResourceAdapter("letterbox-ra.rar")
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class SendThenFailMdb implements MessageListener {

    @Resource(lookup = "java:/jms/LetterboxCF")
    private ConnectionFactory connectionFactory;

    @Override
    public void onMessage(Message message) {
        try (JMSContext context = connectionFactory.createContext()) {
            context.createProducer().send(context.createQueue("wf.xa.sideeffects"),
                    "side effect of " + message.getBody(String.class));
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("fails after sending: the transaction must take the send back");
    }
}
