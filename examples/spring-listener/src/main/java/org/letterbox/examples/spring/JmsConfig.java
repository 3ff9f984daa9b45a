package org.letterbox.examples.spring;

import jakarta.jms.ConnectionFactory;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.config.DefaultJmsListenerContainerFactory;
import org.springframework.jms.core.JmsTemplate;

import java.time.Duration;

/**
 * All the JMS wiring of the app. Only {@link #connectionFactory} knows about Letterbox; the rest is plain
 * Spring JMS and would look the same with any other Jakarta Messaging provider.
 *
 * <p>Spring Boot sees the {@link ConnectionFactory} bean and turns on {@code @JmsListener} support
 * ({@code @EnableJms}); the beans below replace its defaults so every setting is visible here.
 */
@Configuration(proxyBeanMethods = false)
public class JmsConfig {

    /** Client ID of the durable subscriber's connection; with the subscription name it identifies the subscription. */
    public static final String CLIENT_ID = "letterbox-spring-example";
    private static final Logger LOG = LoggerFactory.getLogger(JmsConfig.class);

    /** The one Letterbox-specific bean: where the broker is. */
    @Bean
    public ConnectionFactory connectionFactory(@Value("${letterbox.url}") String url) {
        return new LetterboxConnectionFactory(url);
    }

    /**
     * Containers for queue listeners. The name {@code jmsListenerContainerFactory} makes it the default for
     * every {@code @JmsListener} that names no other factory.
     */
    @Bean
    public DefaultJmsListenerContainerFactory jmsListenerContainerFactory(
            ConnectionFactory connectionFactory, @Value("${letterbox.recovery-interval}") Duration recoveryInterval) {
        DefaultJmsListenerContainerFactory factory = new DefaultJmsListenerContainerFactory();
        factory.setConnectionFactory(connectionFactory);
        // Receive and process each message in a local JMS transaction: if the listener throws, the
        // session is rolled back and the broker redelivers the message (JMSRedelivered=true).
        factory.setSessionTransacted(true);
        // Called after such a rollback (without it, Spring logs the whole stack trace).
        factory.setErrorHandler(e -> LOG.warn("Listener failed, rolled back for redelivery: {}", String.valueOf(e.getCause())));
        // If the connection fails (e.g. the broker restarts), retry connecting this often.
        factory.setRecoveryInterval(recoveryInterval.toMillis());
        return factory;
    }

    /** Containers for durable topic subscriptions (used by {@link NewsListener}). */
    @Bean
    public DefaultJmsListenerContainerFactory durableTopicFactory(
            ConnectionFactory connectionFactory, @Value("${letterbox.recovery-interval}") Duration recoveryInterval) {
        DefaultJmsListenerContainerFactory factory = new DefaultJmsListenerContainerFactory();
        factory.setConnectionFactory(connectionFactory);
        factory.setPubSubDomain(true);            // destination names are topics, not queues
        factory.setSubscriptionDurable(true);     // keep messages for the subscriber while it is away
        factory.setClientId(CLIENT_ID);           // an unshared durable subscription needs a client ID
        factory.setSessionTransacted(true);
        factory.setRecoveryInterval(recoveryInterval.toMillis());
        return factory;
    }

    /**
     * Sends to queues; also does request/reply ({@code sendAndReceive}).
     *
     * <p>A {@code JmsTemplate} on a plain factory opens a connection per operation, which is fine for an
     * example; an app sending many messages would wrap the factory in Spring's {@code CachingConnectionFactory}.
     */
    @Bean
    public JmsTemplate jmsTemplate(ConnectionFactory connectionFactory) {
        JmsTemplate template = new JmsTemplate(connectionFactory);
        template.setReceiveTimeout(Duration.ofSeconds(10).toMillis()); // how long sendAndReceive waits for a reply
        return template;
    }

    /** Sends to topics. */
    @Bean
    public JmsTemplate topicTemplate(ConnectionFactory connectionFactory) {
        JmsTemplate template = new JmsTemplate(connectionFactory);
        template.setPubSubDomain(true);
        return template;
    }
}
