package org.letterbox.server.fuzz;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.letterbox.jms.LetterboxConnectionFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the broker still serves a newcomer: a new JMS connection sends a message to a queue of its own and
 * receives it back, all within a time limit.
 */
final class FreshConnectionProbe {
    private final String url;
    private final String queuePrefix;
    private final AtomicInteger probes = new AtomicInteger();

    FreshConnectionProbe(String url, String queuePrefix) {
        this.url = url;
        this.queuePrefix = queuePrefix;
    }

    /** Null if the round trip worked within {@code timeoutMillis}, else what went wrong. */
    String probe(long timeoutMillis) {
        String queueName = queuePrefix + probes.incrementAndGet();
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try (Connection connection = new LetterboxConnectionFactory(url).createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue queue = session.createQueue(queueName);
                session.createProducer(queue).send(session.createTextMessage(queueName));
                Message reply = session.createConsumer(queue).receive(timeoutMillis);
                result.complete(reply instanceof TextMessage text && queueName.equals(text.getText()) ? null
                        : "the probe message did not come back: " + reply);
            } catch (Exception e) {
                result.complete("a fresh connection failed: " + e);
            }
        }, "fuzz-probe");
        thread.setDaemon(true);
        thread.start();
        long started = System.nanoTime();
        try {
            String problem = result.get(timeoutMillis + 2000, TimeUnit.MILLISECONDS);
            long millis = (System.nanoTime() - started) / 1_000_000;
            return problem != null ? problem : millis > timeoutMillis ? "the probe took " + millis + " ms" : null;
        } catch (TimeoutException e) {
            return "a fresh connection hung for " + (timeoutMillis + 2000) + " ms";
        } catch (Exception e) {
            return "probe: " + e;
        }
    }
}
