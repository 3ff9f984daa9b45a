package org.letterbox.examples.spring;

import org.springframework.jms.annotation.JmsListener;
import org.springframework.stereotype.Component;

/**
 * The reply side of request/reply: a listener that returns a value. Spring sends the returned value to the
 * request's {@code JMSReplyTo} destination, with the request's JMSMessageID as the reply's JMSCorrelationID.
 * (Add {@code @SendTo("queueName")} to reply somewhere when a request carries no {@code JMSReplyTo}.)
 */
@Component
public class QuoteListener {

    public static final String QUEUE = "examples.quotes";

    @JmsListener(id = "quotes", destination = QUEUE)
    public String quote(String product) {
        return "price of " + product + ": " + (product.length() * 10) + " EUR";
    }
}
