package org.letterbox.ra.wildfly;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.jboss.ejb3.annotation.ResourceAdapter;

/**
 * A REQUIRED MDB on {@code wf.xa.rollbackonly} that, the first time it sees a message, only marks its transaction
 * rollback-only (no exception); it forwards the redelivered message to {@code wf.xa.rollbackonly.out}. The message
 * comes back only because the receive was part of the rolled-back transaction.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = "wf.xa.rollbackonly"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")
})
@ResourceAdapter("letterbox-ra.rar")
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class RollbackOnlyMdb implements MessageListener {

    @Resource
    private MessageDrivenContext context;

    @Resource(lookup = "java:/jms/LetterboxCF")
    private ConnectionFactory connectionFactory;

    @Override
    public void onMessage(Message message) {
        try {
            if (!message.getJMSRedelivered()) {
                context.setRollbackOnly();
                return;
            }
            try (JMSContext jms = connectionFactory.createContext()) {
                jms.createProducer().send(jms.createQueue("wf.xa.rollbackonly.out"),
                        "redelivered " + message.getBody(String.class));
            }
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
