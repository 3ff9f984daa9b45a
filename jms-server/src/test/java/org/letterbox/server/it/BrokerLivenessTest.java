package org.letterbox.server.it;

import jakarta.jms.Connection;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.Frames;
import org.letterbox.server.LetterboxBroker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker never keeps a socket that does not talk to it: one that sends nothing, part of a length prefix or part
 * of a HELLO is closed at the handshake timeout; one that completed its HELLO and then falls silent is closed at its
 * TTL; until the HELLO no frame bigger than a HELLO is accepted. An idle client that heartbeats stays.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerLivenessTest {
    private static final long HANDSHAKE_TIMEOUT = 400;
    private static final long TTL = 800;

    private LetterboxBroker broker;

    @BeforeAll
    void start() throws Exception {
        broker = LetterboxBroker.builder().port(0)
                .handshakeTimeout(Duration.ofMillis(HANDSHAKE_TIMEOUT))
                .connectionTtl(Duration.ofMillis(TTL))
                .start();
    }

    @AfterAll
    void stop() {
        broker.close();
    }

    /** Closed by the broker, and not before {@code notBefore} ms (it waited for its timeout, it did not refuse). */
    private void assertClosedAfter(RawClient client, long notBefore) throws Exception {
        long started = System.nanoTime();
        assertTrue(client.closedByBrokerWithin(notBefore + 5_000), "the broker closes the connection");
        long waited = (System.nanoTime() - started) / 1_000_000;
        assertTrue(waited >= notBefore - 150, "closed after " + waited + " ms, before the " + notBefore + " ms timeout");
    }

    @Test
    void aSocketThatSendsNothingIsClosedAtTheHandshakeTimeout() throws Exception {
        try (RawClient client = RawClient.connect(broker.port())) {
            assertClosedAfter(client, HANDSHAKE_TIMEOUT);
        }
    }

    @Test
    void aPartialLengthPrefixIsClosedAtTheHandshakeTimeout() throws Exception {
        try (RawClient client = RawClient.connect(broker.port())) {
            client.write(new byte[] {0, 0});
            assertClosedAfter(client, HANDSHAKE_TIMEOUT);
        }
    }

    @Test
    void aPartialHelloIsClosedAtTheHandshakeTimeout() throws Exception {
        byte[] hello = RawClient.encode(new Frames.Hello(1, Frames.MAGIC, Frames.VERSION, "user", "pw", 0));
        try (RawClient client = RawClient.connect(broker.port())) {
            client.write(java.util.Arrays.copyOf(hello, hello.length - 3));
            assertClosedAfter(client, HANDSHAKE_TIMEOUT);
        }
    }

    @Test
    void aConnectionSilentAfterItsHelloIsClosedAtItsTtl() throws Exception {
        try (RawClient client = RawClient.connect(broker.port())) {
            Frames.HelloOk ok = client.hello(0);
            assertEquals(TTL, ok.connectionTtlMillis(), "the broker tells the client its TTL");
            assertInstanceOf(Frames.Ok.class, client.exchange(new Frames.CreateSession(2, 1, Session.AUTO_ACKNOWLEDGE)));
            assertClosedAfter(client, TTL - 200);
        }
    }

    @Test
    void aClientSendingHeartbeatsStaysPastTheTtl() throws Exception {
        try (RawClient client = RawClient.connect(broker.port())) {
            client.hello(0);
            for (int i = 0; i < 8; i++) { // 8 x 250 ms = 2.5 TTLs
                Thread.sleep(250);
                client.send(Frames.Heartbeat.INSTANCE);
            }
            assertInstanceOf(Frames.Ok.class, client.exchange(new Frames.CreateSession(2, 1, Session.AUTO_ACKNOWLEDGE)));
        }
    }

    @Test
    void theBrokerHeartbeatsAClientThatAskedForIt() throws Exception {
        try (RawClient client = RawClient.connect(broker.port())) {
            client.hello(200);
            int heartbeats = 0;
            long until = System.currentTimeMillis() + 1_000;
            while (System.currentTimeMillis() < until) {
                Frame frame = client.read(300);
                if (frame instanceof Frames.Heartbeat) {
                    heartbeats++;
                }
                client.send(Frames.Heartbeat.INSTANCE); // keep our side alive too
            }
            assertTrue(heartbeats >= 3, "heartbeats in 1 s at 200 ms: " + heartbeats);
        }
    }

    @Test
    void aFrameBiggerThanAHelloIsRefusedBeforeTheHello() throws Exception {
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) { // the dozen that used to pin 200 MiB with unfinished 17 MiB frames
                RawClient client = RawClient.connect(broker.port());
                clients.add(client);
                client.write(new byte[] {0x01, 0x10, 0, 0, 1}); // a 17 MiB frame announced, a first byte of it
            }
            for (RawClient client : clients) {
                long started = System.nanoTime();
                assertTrue(client.closedByBrokerWithin(HANDSHAKE_TIMEOUT / 2), "refused on its length alone");
                assertTrue((System.nanoTime() - started) / 1_000_000 < HANDSHAKE_TIMEOUT, "before the handshake timeout");
            }
        } finally {
            for (RawClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void afterTheHelloAMessageLargerThanAHelloIsAccepted() throws Exception {
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue("liveness-big");
            String text = "x".repeat(200 * 1024);
            session.createProducer(queue).send(session.createTextMessage(text));
            connection.start();
            assertEquals(text, ((TextMessage) session.createConsumer(queue).receive(5000)).getText());
        }
    }

    @Test
    void anIdleClientStaysConnectedThroughSeveralTtls() throws Exception {
        // the client learns the broker's TTL in the handshake and heartbeats within it, whatever its own settings
        try (Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Thread.sleep(3 * TTL);
            Queue queue = session.createQueue("liveness-idle");
            session.createProducer(queue).send(session.createTextMessage("still here"));
            connection.start();
            assertEquals("still here", ((TextMessage) session.createConsumer(queue).receive(5000)).getText());
        }
        assertFalse(broker.isClosed());
    }
}
