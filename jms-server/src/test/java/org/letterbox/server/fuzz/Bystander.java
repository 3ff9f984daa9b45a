package org.letterbox.server.fuzz;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.letterbox.jms.LetterboxConnectionFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A well-behaved JMS client beside the fuzz traffic: a producer and a consumer, each on its own connection, on a
 * queue no fuzz frame names. The producer sends numbered persistent messages continuously; the consumer checks that
 * every one arrives exactly once, in order, within {@code maxLatencyMillis} of being sent. Any JMS error, on either
 * connection, is a problem too: nothing a fuzz connection does may reach another connection.
 */
final class Bystander implements AutoCloseable {
    private static final String SEQ = "seq";
    private static final String SENT_NANOS = "sentNanos";

    private final String url;
    private final String queueName;
    private final long maxLatencyMillis;
    private final long startNanos = System.nanoTime();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();
    private volatile boolean stopSending;
    private volatile boolean stopReceiving;
    private Connection producerConnection;
    private Connection consumerConnection;
    private Thread producer;
    private Thread consumer;
    private int nextExpected;
    private volatile long maxLatencyMicros;
    private volatile double maxLatencyAtSeconds;

    Bystander(String url, String queueName, long maxLatencyMillis) {
        this.url = url;
        this.queueName = queueName;
        this.maxLatencyMillis = maxLatencyMillis;
    }

    void start() throws JMSException {
        LetterboxConnectionFactory factory = new LetterboxConnectionFactory(url);
        producerConnection = factory.createConnection();
        consumerConnection = factory.createConnection();
        producerConnection.setExceptionListener(e -> problem("producer connection failed: " + e));
        consumerConnection.setExceptionListener(e -> problem("consumer connection failed: " + e));
        Session consumerSession = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer messageConsumer = consumerSession.createConsumer(consumerSession.createQueue(queueName));
        consumerConnection.start();
        Session producerSession = producerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = producerSession.createQueue(queueName);
        MessageProducer messageProducer = producerSession.createProducer(queue);
        messageProducer.setDeliveryMode(DeliveryMode.PERSISTENT);
        producer = new Thread(() -> produce(producerSession, messageProducer), "bystander-producer");
        consumer = new Thread(() -> consume(messageConsumer), "bystander-consumer");
        producer.start();
        consumer.start();
    }

    private void produce(Session session, MessageProducer messageProducer) {
        try {
            for (int seq = 0; !stopSending; seq++) {
                Message message = session.createTextMessage("bystander " + seq);
                message.setIntProperty(SEQ, seq);
                long before = System.nanoTime();
                message.setLongProperty(SENT_NANOS, before);
                messageProducer.send(message);
                sent.incrementAndGet();
                long sendMillis = (System.nanoTime() - before) / 1_000_000;
                if (sendMillis > maxLatencyMillis) {
                    problem("send of message " + seq + " took " + sendMillis + " ms");
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (JMSException | RuntimeException e) {
            problem("send failed after " + sent.get() + " messages: " + e);
        }
    }

    private void consume(MessageConsumer messageConsumer) {
        try {
            while (!stopReceiving) {
                Message message = messageConsumer.receive(200);
                if (message != null) {
                    check(message);
                }
            }
        } catch (JMSException | RuntimeException e) {
            problem("receive failed after " + received.get() + " messages: " + e);
        }
    }

    private void check(Message message) throws JMSException {
        int seq = message.getIntProperty(SEQ);
        long latencyMicros = (System.nanoTime() - message.getLongProperty(SENT_NANOS)) / 1000;
        latenciesMicros.add(latencyMicros);
        if (latencyMicros > maxLatencyMicros) {
            maxLatencyMicros = latencyMicros;
            maxLatencyAtSeconds = (System.nanoTime() - startNanos) / 1e9;
        }
        received.incrementAndGet();
        if (seq < nextExpected) {
            problem("message " + seq + " came again (duplicate or out of order; expected " + nextExpected + ")");
        } else if (seq > nextExpected) {
            problem("messages " + nextExpected + " to " + (seq - 1) + " were skipped (lost or out of order)");
        }
        nextExpected = Math.max(nextExpected, seq + 1);
        if (latencyMicros / 1000 > maxLatencyMillis) {
            problem("message " + seq + " took " + latencyMicros / 1000 + " ms from send to receive");
        }
    }

    private void problem(String what) {
        if (problems.size() < 50) {
            problems.add(String.format("t=%.1fs %s", (System.nanoTime() - startNanos) / 1e9, what));
        }
    }

    /** Stops sending, then waits up to {@code millis} for the consumer to receive all that was sent. */
    void stopAndDrain(long millis) throws InterruptedException {
        stopSending = true;
        producer.join(millis);
        long until = System.nanoTime() + millis * 1_000_000;
        while (received.get() < sent.get() && System.nanoTime() - until < 0) {
            Thread.sleep(50);
        }
        stopReceiving = true;
        consumer.join(2000);
        if (received.get() < sent.get()) {
            problem("only " + received.get() + " of " + sent.get() + " sent messages were received");
        }
    }

    /** Everything that went wrong; empty if the bystander was not affected. */
    List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    String summary() {
        List<Long> sorted;
        synchronized (latenciesMicros) {
            sorted = new ArrayList<>(latenciesMicros);
        }
        Collections.sort(sorted);
        return String.format("bystander: %d sent, %d received; latency ms p50 %.1f p99 %.1f max %.1f (at t=%.1fs)",
                sent.get(), received.get(), percentile(sorted, 0.5), percentile(sorted, 0.99), percentile(sorted, 1.0),
                maxLatencyAtSeconds);
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = Math.max(0, (int) Math.ceil(p * sorted.size()) - 1);
        return sorted.get(index) / 1000.0;
    }

    @Override
    public void close() {
        stopSending = true;
        stopReceiving = true;
        for (Connection connection : new Connection[]{producerConnection, consumerConnection}) {
            String failure = BoundedClose.close(connection, 5000);
            if (failure != null) {
                problem("close: " + failure);
            }
        }
    }
}
