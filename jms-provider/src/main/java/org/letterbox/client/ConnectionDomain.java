package org.letterbox.client;

import jakarta.jms.IllegalStateException;

/**
 * The factory method a connection was made by. One class implements every connection interface, so this value is how
 * a connection from {@code createQueueConnection} knows it is a {@link jakarta.jms.QueueConnection}: the javadoc of
 * {@code Connection} says its publish/subscribe connection-consumer methods must throw {@link IllegalStateException}
 * there (JMS 1.1 table 4-1). Sessions get the same rule from {@link SessionDomain}.
 */
public enum ConnectionDomain {
    /** {@code createConnection}: both domains. */
    UNIFIED,
    /** {@code createQueueConnection}: no durable or shared (topic) connection consumers. */
    QUEUE,
    /** {@code createTopicConnection}: the spec refuses it nothing that a Connection has. */
    TOPIC;

    /** For createDurableConnectionConsumer, createSharedConnectionConsumer, createSharedDurableConnectionConsumer. */
    void checkTopicMethod(String method) throws IllegalStateException {
        if (this == QUEUE) {
            throw new IllegalStateException("a QueueConnection cannot be used for " + method
                    + " (a publish/subscribe method); use a Connection or a TopicConnection");
        }
    }
}
