package org.letterbox.server.cli;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

import java.time.Duration;

/**
 * What a perf run does, resolved and checked from {@link PerfCommand}'s options; shared read-only by the
 * producers and consumers.
 *
 * <p>Every message carries the int properties {@value #PRODUCER} and {@value #SEQUENCE} (its identity for
 * loss and duplicate detection), {@value #RUN} (a random number per round, so leftovers of an earlier run on
 * the same destination are recognized and skipped) and the long property {@value #SENT_NANOS}
 * ({@link System#nanoTime()} just before the send: producers and consumers share a JVM).
 */
record PerfPlan(String url, String destination, boolean topic, int producers, int consumers, int size,
                boolean persistent, boolean async, int maxInFlight, int transactedBatch,
                String user, String password, Duration stallTimeout) {

    static final String PRODUCER = "perfProducer";
    static final String SEQUENCE = "perfSeq";
    static final String RUN = "perfRun";
    static final String SENT_NANOS = "perfSentNanos";

    boolean transacted() {
        return transactedBatch > 0;
    }

    /** Deliveries expected for {@code count} sent messages: each topic subscription gets every message. */
    long expectedDeliveries(int count) {
        return topic ? (long) count * consumers : count;
    }

    /** How many of {@code count} messages producer {@code index} sends (the first ones take the remainder). */
    int share(int count, int index) {
        return count / producers + (index < count % producers ? 1 : 0);
    }

    int[] shares(int count) {
        int[] shares = new int[producers];
        for (int i = 0; i < producers; i++) {
            shares[i] = share(count, i);
        }
        return shares;
    }

    Connection connect(ConnectionFactory factory) throws JMSException {
        return user != null ? factory.createConnection(user, password) : factory.createConnection();
    }

    Session session(Connection connection) throws JMSException {
        return transacted() ? connection.createSession(true, Session.SESSION_TRANSACTED)
                : connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    Destination destination(Session session) throws JMSException {
        return topic ? session.createTopic(destination) : session.createQueue(destination);
    }

    /** e.g. {@code queue 'perf'}. */
    String destinationLabel() {
        return (topic ? "topic '" : "queue '") + destination + "'";
    }
}
