package org.letterbox.jms.message;

import jakarta.jms.JMSException;

/** What {@link jakarta.jms.Message#acknowledge()} does; the client sets it on each message it delivers. */
@FunctionalInterface
public interface AcknowledgeCallback {
    void acknowledge() throws JMSException;
}
