package org.letterbox.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot app that uses Letterbox through Spring's standard JMS support.
 *
 * <ul>
 *   <li>{@link JmsConfig}: the {@code LetterboxConnectionFactory} bean (the only Letterbox-specific code),
 *       the listener container factories and the {@code JmsTemplate}s;</li>
 *   <li>{@link OrderListener}: a transacted {@code @JmsListener} on a queue;</li>
 *   <li>{@link NewsListener}: a {@code @JmsListener} on a durable topic subscription;</li>
 *   <li>{@link QuoteListener}: answers requests (request/reply);</li>
 *   <li>{@link Sender}: sends with {@code JmsTemplate};</li>
 *   <li>{@link DemoRunner}: sends a few messages at startup so there is something to see.</li>
 * </ul>
 *
 * <p>Run with a broker listening on {@code letterbox.url} (default {@code tcp://127.0.0.1:61616}):
 * <pre>
 * java -jar examples/spring-listener/target/letterbox-spring-listener.jar --letterbox.url=tcp://127.0.0.1:61616
 * </pre>
 */
@SpringBootApplication
public class LetterboxSpringApplication {

    public static void main(String[] args) {
        SpringApplication.run(LetterboxSpringApplication.class, args);
    }
}
