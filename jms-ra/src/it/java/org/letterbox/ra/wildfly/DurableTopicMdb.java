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

/** A durable subscriber MDB on topic {@code wf.news}: forwards what it gets to queue {@code wf.news.out}. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "wf.news"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "Durable"),
        @ActivationConfigProperty(propertyName = "subscriptionName", propertyValue = "archive"),
        @ActivationConfigProperty(propertyName = "clientId", propertyValue = "wf-archiver")
})
@ResourceAdapter("letterbox-ra.rar")
public class DurableTopicMdb implements MessageListener {

    @Resource(lookup = "java:/jms/LetterboxCF")
    private ConnectionFactory connectionFactory;

    @Override
    public void onMessage(Message message) {
        try (JMSContext context = connectionFactory.createContext()) {
            context.createProducer().send(context.createQueue("wf.news.out"), ((TextMessage) message).getText());
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
