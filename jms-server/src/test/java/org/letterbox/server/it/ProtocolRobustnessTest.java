package org.letterbox.server.it;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import jakarta.jms.Connection;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.FrameType;
import org.letterbox.protocol.Frames;
import org.letterbox.server.LetterboxBroker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

import static org.junit.jupiter.api.Assertions.*;

/** What a broken or hostile client sends closes its own connection only; the broker keeps serving. */
class ProtocolRobustnessTest extends BrokerTestSupport {

    @Override
    protected Transport transport() {
        return Transport.TCP;
    }

    @Override
    protected LetterboxBroker.Builder configure(LetterboxBroker.Builder builder) {
        return builder.maxFrameSize(64 * 1024);
    }

    /** Sends raw bytes and returns true when the broker closed the socket. */
    private boolean brokerClosesAfter(byte[]... writes) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", broker.port())) {
            socket.setSoTimeout(10_000); // only bounds a failure: a broker that refuses closes at once
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            for (byte[] w : writes) {
                out.write(w);
            }
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                while (in.read() != -1) {
                    // an error frame may come first; we wait for the close
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (java.net.SocketException e) {
                return true; // reset by the broker
            }
        }
    }

    private static byte[] frame(int length, int... body) {
        byte[] bytes = new byte[4 + body.length];
        bytes[0] = (byte) (length >>> 24);
        bytes[1] = (byte) (length >>> 16);
        bytes[2] = (byte) (length >>> 8);
        bytes[3] = (byte) length;
        for (int i = 0; i < body.length; i++) {
            bytes[4 + i] = (byte) body[i];
        }
        return bytes;
    }

    private void assertBrokerStillServes() throws Exception {
        Connection connection = connect();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(unique("alive"));
        session.createProducer(queue).send(session.createTextMessage("still here"));
        assertEquals("still here", ((TextMessage) session.createConsumer(queue).receive(5000)).getText());
    }

    @Test
    void garbageBytesCloseOnlyThatConnection() throws Exception {
        Connection bystander = connect();
        assertTrue(brokerClosesAfter(frame(5, 99, 0, 0, 0, 1)));
        assertBrokerStillServes();
        bystander.createSession(false, Session.AUTO_ACKNOWLEDGE); // the other connection is untouched
    }

    /**
     * Nothing but a length prefix over the limit is sent, so a broker that waited for the body, buffered it, or
     * allocated the announced size first (16 MB is allocatable) would sit waiting and never close: the refusal comes
     * from the prefix alone, before anything is allocated for the frame.
     */
    @Test
    void oversizedFrameIsRefusedOnItsLengthPrefixAloneBeforeAnyBodyArrives() throws Exception {
        for (int announced : new int[] {65 * 1024, 16 * 1024 * 1024, Integer.MAX_VALUE}) {
            assertTrue(brokerClosesAfter(frame(announced)), "a prefix announcing " + announced + " bytes");
        }
        assertBrokerStillServes();
    }

    /** The control for the test above: a frame within the limit that arrives in parts is awaited, then handled. */
    @Test
    void aFrameWithinTheLimitIsAwaitedUntilItsBodyArrives() throws Exception {
        byte[] hello = encode(new Frames.Hello(1, Frames.MAGIC, Frames.VERSION, null, null, 0));
        try (Socket socket = new Socket("127.0.0.1", broker.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(hello, 0, 6); // the prefix and a little of the body
            out.flush();
            broker.onBrokerThread(() -> null); // the broker's one loop thread has read the partial frame by now
            out.write(hello, 6, hello.length - 6);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            in.readInt(); // the reply's length: EOFException had the broker closed on the partial frame
            assertEquals(FrameType.HELLO_OK, in.readByte());
        }
    }

    private static byte[] encode(Frame frame) {
        return RawClient.encode(frame);
    }

    @Test
    void negativeLengthIsRefused() throws Exception {
        assertTrue(brokerClosesAfter(frame(-5, 1)));
        assertBrokerStillServes();
    }

    @Test
    void frameBeforeHelloIsAProtocolError() throws Exception {
        // a well-formed CREATE_SESSION (type 3) with request id 1 before any HELLO
        assertTrue(brokerClosesAfter(frame(13, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1)));
        assertBrokerStillServes();
    }

    @Test
    void truncatedFrameBodyIsRefused() throws Exception {
        // HELLO (type 1) that claims a string longer than the frame
        assertTrue(brokerClosesAfter(frame(15, 1, 0, 0, 0, 1, 0x4C, 0x42, 0x4F, 0x58, 0, 1, 0x7f, 0, 0, 0)));
        assertBrokerStillServes();
    }
}
