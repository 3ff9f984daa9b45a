package org.letterbox.examples.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.annotation.JmsListener;
import org.springframework.jms.support.JmsHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * A durable subscription named {@value #SUBSCRIPTION} on the {@value #TOPIC} topic: while the app is down,
 * the broker keeps the news published for it and delivers them when it comes back.
 */
@Component
public class NewsListener {

    public static final String TOPIC = "examples.news";
    public static final String SUBSCRIPTION = "news-archive";
    private static final Logger LOG = LoggerFactory.getLogger(NewsListener.class);

    private final Inbox inbox;

    public NewsListener(Inbox inbox) {
        this.inbox = inbox;
    }

    @JmsListener(id = "news", destination = TOPIC, subscription = SUBSCRIPTION, containerFactory = "durableTopicFactory")
    public void onNews(String news,
                       @Header(JmsHeaders.REDELIVERED) boolean redelivered,
                       @Header("JMSXDeliveryCount") int deliveryCount) {
        LOG.info("News received: {}", news);
        inbox.record(new Inbox.Delivery("news", news, redelivered, deliveryCount));
    }
}
