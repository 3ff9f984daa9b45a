package org.letterbox.ra.wildfly;

import jakarta.annotation.Resource;
import jakarta.ejb.EJBException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;

/**
 * Sends through the adapter's pooled factory inside a container-managed (REQUIRED) JTA transaction, which the pooled
 * connection joins through its XAResource, then ends the transaction as asked.
 */
@Stateless
public class XaSenderBean {

    /** How the transaction ends. */
    public enum Outcome { COMMIT, ROLLBACK_ONLY, THROW }

    @Resource(lookup = "java:/jms/LetterboxCF")
    private ConnectionFactory connectionFactory;

    @Resource
    private SessionContext context;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void send(String queue, String text, Outcome outcome) {
        try (JMSContext jms = connectionFactory.createContext()) {
            jms.createProducer().send(jms.createQueue(queue), text);
        }
        switch (outcome) {
            case ROLLBACK_ONLY -> context.setRollbackOnly();
            case THROW -> throw new EJBException("the bean fails after sending");
            case COMMIT -> { }
        }
    }
}
