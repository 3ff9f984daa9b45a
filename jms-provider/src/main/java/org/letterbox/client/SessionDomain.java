package org.letterbox.client;

import jakarta.jms.IllegalStateException;

/**
 * The messaging domain a session was created for. A session from {@code createSession} serves both domains; one from
 * {@code QueueConnection.createQueueSession} or {@code TopicConnection.createTopicSession} is a JMS 1.0 domain-specific
 * session, and the javadoc of {@link jakarta.jms.QueueSession} and {@link jakarta.jms.TopicSession} lists the methods
 * inherited from {@code Session} that must throw {@link IllegalStateException} there (the other domain's objects).
 *
 * <p>One class implements every session interface, so the domain is this value rather than a subclass.
 */
enum SessionDomain {
    /** {@code Connection.createSession}: both domains. */
    UNIFIED,
    /** {@code QueueConnection.createQueueSession}: no topics, temporary topics or subscriptions. */
    QUEUE,
    /** {@code TopicConnection.createTopicSession}: no queues, temporary queues or browsers. */
    TOPIC;

    /**
     * For a publish/subscribe method (createTopic, createTemporaryTopic, createDurableSubscriber,
     * createDurableConsumer, createSharedConsumer, createSharedDurableConsumer, unsubscribe).
     */
    void checkTopicMethod(String method) throws IllegalStateException {
        if (this == QUEUE) {
            throw new IllegalStateException("a QueueSession cannot be used for " + method
                    + " (a publish/subscribe method); use a Session or a TopicSession");
        }
    }

    /** For a point-to-point method (createQueue, createTemporaryQueue, createBrowser). */
    void checkQueueMethod(String method) throws IllegalStateException {
        if (this == TOPIC) {
            throw new IllegalStateException("a TopicSession cannot be used for " + method
                    + " (a point-to-point method); use a Session or a QueueSession");
        }
    }
}
