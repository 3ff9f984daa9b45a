package org.letterbox.jms;

import jakarta.jms.JMSException;

/** The connection that created a temporary destination; only it may delete the destination. */
public interface TemporaryDestinationOwner {

    void deleteTemporaryDestination(LetterboxDestination destination) throws JMSException;

    /** TemporaryQueue/TemporaryTopic.delete(): only the creating connection (a non-null owner) may delete. */
    static void delete(TemporaryDestinationOwner owner, LetterboxDestination destination) throws JMSException {
        if (owner == null) {
            throw new jakarta.jms.IllegalStateException("only the connection that created " + destination + " can delete it");
        }
        owner.deleteTemporaryDestination(destination);
    }
}
