package org.letterbox.server.it;

import jakarta.jms.Connection;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.letterbox.server.LetterboxBroker;

import java.io.DataOutputStream;
import java.io.InputStream;
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
            socket.setSoTimeout(5000);
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

    @Test
    void oversizedFrameIsRefusedBeforeAllocation() throws Exception {
        assertTrue(brokerClosesAfter(frame(Integer.MAX_VALUE, 9)));
        assertTrue(brokerClosesAfter(frame(65 * 1024, new int[16])));
        assertBrokerStillServes();
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
