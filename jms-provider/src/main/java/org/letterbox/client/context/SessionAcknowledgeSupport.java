package org.letterbox.client.context;

import jakarta.jms.JMSException;

/**
 * Optional hook a classic {@link jakarta.jms.Session} may implement to acknowledge every message consumed by the
 * session without holding on to one of them. {@link LetterboxJMSContext#acknowledge()} uses it when present;
 * otherwise it calls {@link jakarta.jms.Message#acknowledge()} on the most recent message this context handed to the
 * application, which per spec acknowledges all messages consumed by the session.
 */
public interface SessionAcknowledgeSupport {

    /** Acknowledges all messages consumed by this session (CLIENT_ACKNOWLEDGE); no effect in other modes. */
    void acknowledgeAll() throws JMSException;
}
