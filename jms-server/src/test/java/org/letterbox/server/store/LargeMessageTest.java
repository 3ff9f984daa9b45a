package org.letterbox.server.store;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.server.LetterboxBroker;

import java.nio.file.Path;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Any message up to the advertised frame size is accepted, journaled, paged and replayed: 16 MiB (the old Chronicle
 * record limit), 60 MiB and the largest message a 64 MiB frame holds, persistent across a restart and non-persistent;
 * one byte more is refused before it is sent, and the connection goes on.
 */
@Timeout(300)
class LargeMessageTest {
    private static final int MAX_FRAME = 64 * 1024 * 1024;
    /** The Send frame around a message (type, request id, session, destination "large", length) is within this. */
    private static final int SEND_FRAME_OVERHEAD = 128;

    @TempDir
    Path data;

    private StoreBrokerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new StoreBrokerFixture(data, FsyncPolicy.BATCH);
        fixture.start(LetterboxBroker.builder().maxFrameSize(MAX_FRAME));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static byte[] body(int size, int seed) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i += 4096) {
            body[i] = (byte) (seed + i / 4096);
        }
        body[size - 1] = (byte) seed;
        return body;
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    /** The body size whose BytesMessage, sent as below, fills a max-size frame to within the overhead. */
    private static int largestBody(Session session) throws Exception {
        BytesMessage empty = session.createBytesMessage();
        empty.setIntProperty("n", 0);
        empty.setJMSMessageID("ID:" + "x".repeat(40)); // at least as long as the producer's ids
        empty.setJMSDestination(session.createQueue("large"));
        int headers = org.letterbox.jms.message.MessageCodec.encode(
                (org.letterbox.jms.message.LetterboxMessage) empty).length;
        return MAX_FRAME - SEND_FRAME_OVERHEAD - headers;
    }

    private static void send(Session session, Queue queue, byte[] body, int n, int mode) throws Exception {
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(mode);
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        message.setIntProperty("n", n);
        producer.send(message);
        producer.close();
    }

    private static void receive(MessageConsumer consumer, int expectedSize, long expectedCrc, int n) throws Exception {
        BytesMessage message = (BytesMessage) consumer.receive(60_000);
        assertNotNull(message, "message " + n);
        assertEquals(n, message.getIntProperty("n"));
        assertEquals(expectedSize, message.getBodyLength());
        byte[] bytes = new byte[expectedSize];
        message.readBytes(bytes);
        assertEquals(expectedCrc, crc(bytes), "the bytes of message " + n);
    }

    @Test
    void persistentMessagesUpToTheFrameSizeSurviveARestart() throws Exception {
        Connection connection = fixture.connect();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("large");
        int[] sizes = {16 * 1024 * 1024, 60 * 1024 * 1024, largestBody(session)};
        long[] crcs = new long[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            byte[] body = body(sizes[i], i);
            crcs[i] = crc(body);
            send(session, queue, body, i, DeliveryMode.PERSISTENT);
        }
        fixture.restart();
        Connection again = fixture.connect();
        MessageConsumer consumer = again.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(queue);
        for (int i = 0; i < sizes.length; i++) {
            receive(consumer, sizes[i], crcs[i], i);
        }
    }

    @Test
    void nonPersistentMessagesUpToTheFrameSizeGoThrough() throws Exception {
        Connection connection = fixture.connect();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("large-np");
        MessageConsumer consumer = session.createConsumer(queue);
        int[] sizes = {16 * 1024 * 1024, 60 * 1024 * 1024};
        for (int i = 0; i < sizes.length; i++) {
            byte[] body = body(sizes[i], i);
            send(session, queue, body, i, DeliveryMode.NON_PERSISTENT);
            receive(consumer, sizes[i], crc(body), i);
        }
    }

    @Test
    void aMessageLargerThanTheFrameIsRefusedBeforeItIsSentAndTheConnectionGoesOn() throws Exception {
        Connection connection = fixture.connect();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("large");
        MessageProducer producer = session.createProducer(queue);
        BytesMessage tooBig = session.createBytesMessage();
        tooBig.writeBytes(new byte[MAX_FRAME]);
        assertThrows(ResourceAllocationException.class, () -> producer.send(tooBig));
        send(session, queue, body(1024, 7), 7, DeliveryMode.PERSISTENT);
        receive(session.createConsumer(queue), 1024, crc(body(1024, 7)), 7);
    }
}
