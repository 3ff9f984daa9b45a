package org.letterbox.ra.wildfly;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import org.jboss.ejb3.annotation.ResourceAdapter;

/**
 * The test application: an MDB on {@code wf.in}, fed by the Letterbox adapter, answering on {@code wf.out}
 * through the adapter's pooled connection factory (inside the MDB's container-managed transaction).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "wf.in"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "2")
})
@ResourceAdapter("letterbox-ra.rar")
public class EchoMdb implements MessageListener {

    @Resource(lookup = "java:/jms/LetterboxCF")
    private ConnectionFactory connectionFactory;

    @Override
    public void onMessage(Message message) {
        try (JMSContext context = connectionFactory.createContext()) {
            String text = ((TextMessage) message).getText();
            context.createProducer().send(context.createQueue("wf.out"), "echo: " + text);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
