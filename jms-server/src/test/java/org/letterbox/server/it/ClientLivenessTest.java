package org.letterbox.server.it;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.server.LetterboxBroker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client never waits forever: a broker (or network) that goes silent fails the connection within its TTL, with
 * every pending call failing and the ExceptionListener told; a request the broker does not answer fails at the
 * request timeout; close() returns in bounded time; and a broker whose own thread is stuck fails critically.
 */
class ClientLivenessTest {
    private LetterboxBroker broker;
    private BlackholeProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** Blocks the broker's only thread for {@code millis} (as a deadlock or a runaway task would), from another thread. */
    private void stallBrokerThread(long millis) {
        CountDownLatch running = new CountDownLatch(1);
        Thread staller = new Thread(() -> {
            try {
                broker.onBrokerThread(() -> {
                    running.countDown();
                    Thread.sleep(millis);
                    return null;
                });
            } catch (RuntimeException e) {
                // the broker stopped meanwhile
            }
        }, "stall-broker");
        staller.setDaemon(true);
        staller.start();
        try {
            assertTrue(running.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    @Test
    void aBrokerThatFallsSilentFailsTheConnectionAndEveryWaitWithinTheTtl() throws Exception {
        broker = LetterboxBroker.builder().port(0).start();
        proxy = new BlackholeProxy(broker.port());
        Connection connection = new LetterboxConnectionFactory(
                "tcp://127.0.0.1:" + proxy.port() + "?connectionTtl=1000").createConnection();
        AtomicReference<JMSException> heard = new AtomicReference<>();
        CountDownLatch listened = new CountDownLatch(1);
        connection.setExceptionListener(e -> {
            heard.set(e);
            listened.countDown();
        });
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("silent");
        MessageConsumer consumer = session.createConsumer(queue);
        connection.start();
        CompletableFuture<Object> receive = CompletableFuture.supplyAsync(() -> {
            try {
                return consumer.receive();
            } catch (JMSException e) {
                return e;
            }
        });
        Thread.sleep(300);

        proxy.startDropping();
        long started = System.nanoTime();
        assertTrue(listened.await(5, TimeUnit.SECONDS), "the ExceptionListener hears of the lost connection");
        long detected = elapsedMillis(started);
        // the TTL counts from the last frame heard, at most a heartbeat (TTL / 3) before the drop
        assertTrue(detected >= 600 && detected < 3_000, "detected after " + detected + " ms with a 1000 ms TTL");
        assertTrue(heard.get().getMessage().contains("nothing heard from the broker"), heard.get().getMessage());
        assertInstanceOf(JMSException.class, receive.get(5, TimeUnit.SECONDS), "the blocked receive gives up");

        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("lost")));
        long closing = System.nanoTime();
        connection.close();
        assertTrue(elapsedMillis(closing) < 2_000, "close returns at once on a failed connection");
    }

    @Test
    void aRequestTheBrokerDoesNotAnswerFailsAtTheRequestTimeout() throws Exception {
        broker = LetterboxBroker.builder().port(0).start();
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl() + "?requestTimeout=500&heartbeat=0")
                .createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("unanswered"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            stallBrokerThread(2_500);
            long started = System.nanoTime();
            JMSException e = assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("x")));
            long waited = elapsedMillis(started);
            assertTrue(e.getMessage().contains("request timeout"), e.getMessage());
            assertTrue(waited >= 450 && waited < 2_000, "failed after " + waited + " ms with a 500 ms timeout");
            Thread.sleep(2_500); // the broker thread is back: the connection still works
            producer.send(session.createTextMessage("y"));
        }
    }

    @Test
    void closeReturnsInBoundedTimeWhileTheBrokerIsStuck() throws Exception {
        broker = LetterboxBroker.builder().port(0).start();
        Connection connection = new LetterboxConnectionFactory(broker.tcpUrl() + "?requestTimeout=500&heartbeat=0")
                .createConnection();
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        session.createConsumer(session.createQueue("stuck"));
        stallBrokerThread(5_000);
        long started = System.nanoTime();
        connection.close();
        long waited = elapsedMillis(started);
        assertTrue(waited < 3_000, "close took " + waited + " ms");
    }

    @Test
    void aStuckBrokerThreadIsACriticalFailure() throws Exception {
        broker = LetterboxBroker.builder().port(0).criticalTimeout(Duration.ofMillis(500)).start();
        Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection();
        CountDownLatch lost = new CountDownLatch(1);
        connection.setExceptionListener(e -> lost.countDown());
        stallBrokerThread(3_000);
        long started = System.nanoTime();
        while (broker.failure() == null && elapsedMillis(started) < 5_000) {
            Thread.sleep(50);
        }
        assertNotNull(broker.failure(), "the watchdog saw the stuck broker thread");
        assertTrue(broker.failure().contains("has not run for"), broker.failure());
        assertTrue(broker.isClosed(), "the broker stopped");
        assertTrue(lost.await(10, TimeUnit.SECONDS), "its clients learn it");
        connection.close();
    }

    @Test
    void receiveWithTimeoutInPullModeIsNotCutShortByTheRequestTimeout() throws Exception {
        broker = LetterboxBroker.builder().port(0).start();
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()
                + "?requestTimeout=200&consumerWindow=0").createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("pull"));
            connection.start();
            long started = System.nanoTime();
            assertEquals(null, consumer.receive(1_000), "nothing to receive: null after the wait, not an error");
            assertTrue(elapsedMillis(started) >= 900);
        }
    }

    static Object unwrap(CompletableFuture<Object> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
