package org.letterbox.examples.spring;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Service;

/** Sends messages with Spring's {@link JmsTemplate}. */
@Service
public class Sender {

    private final JmsTemplate jmsTemplate;
    private final JmsTemplate topicTemplate;

    public Sender(@Qualifier("jmsTemplate") JmsTemplate jmsTemplate, @Qualifier("topicTemplate") JmsTemplate topicTemplate) {
        this.jmsTemplate = jmsTemplate;
        this.topicTemplate = topicTemplate;
    }

    /** Puts an order on the queue that {@link OrderListener} consumes. */
    public void sendOrder(String order) {
        jmsTemplate.convertAndSend(OrderListener.QUEUE, order);
    }

    /** Publishes to the topic that {@link NewsListener} subscribes to. */
    public void publishNews(String news) {
        topicTemplate.convertAndSend(NewsListener.TOPIC, news);
    }

    /**
     * Request/reply: {@code sendAndReceive} creates a temporary queue, sends the request with
     * {@code JMSReplyTo} set to it, and waits (up to the template's receive timeout) for the answer
     * from {@link QuoteListener}.
     *
     * @return the reply, or null if none came in time
     */
    public String requestQuote(String product) throws JMSException {
        Message reply = jmsTemplate.sendAndReceive(QuoteListener.QUEUE, session -> session.createTextMessage(product));
        return reply == null ? null : ((TextMessage) reply).getText();
    }
}
