package org.letterbox.jms;

import jakarta.jms.JMSException;

/** The connection that created a temporary destination; only it may delete the destination. */
public interface TemporaryDestinationOwner {

    void deleteTemporaryDestination(LetterboxDestination destination) throws JMSException;
}
