package org.letterbox.server.fuzz;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.letterbox.jms.message.LetterboxTextMessage;
import org.letterbox.jms.message.MessageCodec;
import org.letterbox.protocol.DestinationRef;
import org.letterbox.protocol.FrameType;
import org.letterbox.protocol.Frames;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections that press on the broker's resources: undecodable messages waiting for a selector consumer, a consumer
 * that stops reading its deliveries, frames at and past the size limit, and many connections at once.
 */
final class ResourceScenarios {
    private ResourceScenarios() {
    }

    /**
     * A selector consumer on a queue, and sends to it of messages whose fixed prefix is valid but whose rest is
     * garbage: the broker takes them, then cannot evaluate the selector on them. Credit keeps dispatch passes coming.
     */
    static void poisonForSelector(FuzzContext c) throws IOException, InterruptedException {
        FuzzConnection connection = c.openAndHello();
        DestinationRef queue = new DestinationRef(DestinationRef.Kind.QUEUE, "fuzz.poison" + c.random.nextInt(2));
        int session = c.frames.newSession();
        long consumer = c.frames.newConsumer();
        c.send(connection, new Frames.CreateSession(c.frames.requestId(), session, Session.AUTO_ACKNOWLEDGE));
        c.send(connection, new Frames.CreateConsumer(c.frames.requestId(), session, consumer, queue, "n > 3",
                false, null, false, false, 100, 0));
        c.send(connection, new Frames.Start(c.frames.requestId()));
        for (int i = c.random.between(50, 300); i > 0 && c.timeLeft(); i--) {
            byte[] message = c.random.chance(0.7) ? MessageBodies.prefixThenGarbage(c.random) : MessageBodies.valid(c.random);
            c.send(connection, new Frames.Send(c.random.chance(0.5) ? 0 : c.frames.requestId(), session, queue, message));
            if (c.random.chance(0.1)) {
                c.send(connection, new Frames.Credit(0, consumer, 5, 0));
            }
            c.pace();
        }
        FrameScenarios.endConnection(c, connection);
    }

    /**
     * A consumer with a large window on its own queue, fed 2 to 10 MiB of 64 KiB messages by its own connection,
     * which never reads a byte: what the broker does with deliveries it cannot write.
     */
    static void stopsReading(FuzzContext c) throws IOException, InterruptedException {
        FuzzConnection connection = c.openNotReading();
        connection.send(WireBytes.hello(c.frames.requestId()));
        DestinationRef queue = new DestinationRef(DestinationRef.Kind.QUEUE, "fuzz.slow" + c.random.nextInt(4));
        int session = c.frames.newSession();
        c.send(connection, new Frames.CreateSession(c.frames.requestId(), session, Session.AUTO_ACKNOWLEDGE));
        c.send(connection, new Frames.CreateConsumer(c.frames.requestId(), session, c.frames.newConsumer(), queue, null,
                false, null, false, false, 10_000, 0));
        c.send(connection, new Frames.Start(c.frames.requestId()));
        byte[] message = bigMessage(64 * 1024);
        for (int i = c.random.between(32, 160); i > 0 && c.timeLeft(); i--) {
            c.send(connection, new Frames.Send(0, session, queue, message));
            if (i % 8 == 0) {
                Thread.sleep(1);
            }
        }
        c.linger(c.random.between(2000, 8000));
    }

    /** A length prefix past the limit (refused at once), a whole frame at the limit, or part of one and a stall. */
    static void largeFrames(FuzzContext c) throws IOException, InterruptedException {
        FuzzConnection connection = c.openAndHello();
        int max = FuzzSettings.MAX_FRAME_SIZE;
        switch (c.random.nextInt(3)) {
            case 0 -> {
                int length = c.random.chance(0.5) ? max + 1 : c.random.between(max + 1, Integer.MAX_VALUE);
                connection.send(WireBytes.withLength(length, FrameType.SEND, 1, c.random.bytes(c.random.nextInt(100))));
                c.expect(connection.replies().awaitClosed(5000), "a frame longer than the maximum closes the connection",
                        "length " + length);
            }
            case 1 -> {
                int session = c.frames.newSession();
                c.send(connection, new Frames.CreateSession(c.frames.requestId(), session, Session.AUTO_ACKNOWLEDGE));
                byte[] message = bigMessage(max - 200 - c.random.nextInt(1000));
                c.send(connection, new Frames.Send(c.frames.requestId(), session, FuzzDestinations.anyQueue(c.random), message));
                c.linger(500);
            }
            default -> {
                byte[] frame = WireBytes.withLength(max - c.random.nextInt(1000), FrameType.SEND, 1, new byte[0]);
                connection.send(frame);
                connection.send(c.random.bytes(c.random.between(1, 256 * 1024)));
                c.linger(c.random.between(500, 5000));
            }
        }
    }

    /** 10 to 40 connections opened at once, most saying HELLO, some a session too, held briefly, then dropped. */
    static void connectionBurst(FuzzContext c) throws IOException, InterruptedException {
        List<FuzzConnection> burst = new ArrayList<>();
        for (int i = c.random.between(10, 40); i > 0 && c.timeLeft(); i--) {
            FuzzConnection connection = c.open();
            burst.add(connection);
            if (c.random.chance(0.8)) {
                connection.send(WireBytes.hello(1));
                if (c.random.chance(0.5)) {
                    c.send(connection, new Frames.CreateSession(2, 1, Session.AUTO_ACKNOWLEDGE));
                }
            }
        }
        c.linger(c.random.between(200, 2000));
        for (FuzzConnection connection : burst) {
            if (c.random.chance(0.3)) {
                c.send(connection, new Frames.CloseConnection(3));
            }
        }
    }

    private static byte[] bigMessage(int size) {
        try {
            LetterboxTextMessage message = new LetterboxTextMessage();
            message.setText("z".repeat(Math.max(0, size - 100)));
            message.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
            message.setJMSPriority(4);
            return MessageCodec.encode(message);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
