package org.letterbox.server.fuzz;

import org.letterbox.protocol.FrameType;
import org.letterbox.protocol.Frames;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Connections that get the handshake wrong: bytes or frames before HELLO, a broken HELLO, garbage after it, or silence. */
final class HandshakeScenarios {
    private HandshakeScenarios() {
    }

    /** Random bytes as the first thing on the connection (any length prefix: the broker may wait for more). */
    static void garbageBeforeHello(FuzzContext c) throws IOException, InterruptedException {
        FuzzConnection connection = c.open();
        byte[] garbage = c.random.bytes(c.random.between(1, 3000));
        if (c.random.chance(0.5)) {
            connection.sendInPieces(garbage, c.random);
        } else {
            connection.send(garbage);
        }
        c.linger(c.random.between(0, 500));
    }

    /** A whole, well-formed frame of another type first: a protocol error, the broker must close. */
    static void frameBeforeHello(FuzzContext c) throws IOException, InterruptedException {
        FuzzConnection connection = c.open();
        byte type;
        do {
            type = c.random.chance(0.8) ? FrameGenerator.CLIENT_TYPES[c.random.nextInt(FrameGenerator.CLIENT_TYPES.length)]
                    : (byte) c.random.between(31, 128);
        } while (type == FrameType.HELLO);
        byte[] frame = c.random.chance(0.8) && type < 31 ? WireBytes.encode(c.frames.of(type))
                : WireBytes.raw(type, c.random.interestingInt(), c.random.bytes(c.random.nextInt(40)));
        connection.send(frame);
        c.expect(connection.replies().awaitClosed(5000), "a frame before HELLO closes the connection",
                "type " + type + " " + frame.length + " bytes");
    }

    /** A HELLO with a wrong magic or version, odd credentials, or cut short; then maybe a few frames more. */
    static void badHello(FuzzContext c) throws IOException, InterruptedException {
        FuzzConnection connection = c.open();
        int magic = c.random.chance(0.6) ? Frames.MAGIC : c.random.interestingInt();
        short version = c.random.chance(0.5) ? Frames.VERSION : (short) c.random.interestingInt();
        byte[] hello = WireBytes.encode(new Frames.Hello(c.frames.requestId(), magic, version,
                c.random.oddString(), c.random.oddString(), c.random.chance(0.5) ? 0 : c.random.interestingInt()));
        boolean cut = c.random.chance(0.3);
        if (cut) {
            hello = c.mutator.mutate(FrameMutator.Mutation.TRUNCATE, hello, hello);
        }
        connection.send(hello);
        boolean valid = !cut && magic == Frames.MAGIC && version == Frames.VERSION;
        if (!valid) {
            // the broker got a whole frame that is not a valid HELLO: it refuses and closes
            c.expect(connection.replies().awaitClosed(5000), "a bad HELLO closes the connection",
                    "magic 0x" + Integer.toHexString(magic) + " version " + version + (cut ? " (cut short)" : ""));
        }
        for (int i = c.random.nextInt(4); i > 0 && c.timeLeft(); i--) {
            connection.send(WireBytes.encode(c.frames.any()));
        }
        c.linger(c.random.between(0, 300));
    }

    /** A valid HELLO, then random bytes, a wrong length prefix, or a frame of a broker-to-client type. */
    static void helloThenGarbage(FuzzContext c) throws IOException, InterruptedException {
        FuzzConnection connection = c.openAndHello();
        switch (c.random.nextInt(3)) {
            case 0 -> connection.sendInPieces(c.random.bytes(c.random.between(1, 2000)), c.random);
            case 1 -> connection.send(ByteBuffer.allocate(9).putInt(c.random.interestingInt()).put((byte) 3).putInt(1).array());
            default -> {
                byte type = (byte) c.random.between(FrameType.OK, FrameType.XA_RECOVERED + 3);
                connection.send(WireBytes.raw(type, c.random.interestingInt(), c.random.bytes(c.random.nextInt(40))));
                c.expect(connection.replies().awaitClosed(5000), "a broker-to-client frame from a client closes the connection",
                        "type " + type);
            }
        }
        c.linger(c.random.between(0, 500));
    }

    /**
     * Opens and says nothing (or only part of a HELLO): the broker must not keep such a connection forever. Checked
     * only when the run leaves time for the handshake timeout.
     */
    static void silent(FuzzContext c) throws IOException, InterruptedException {
        FuzzConnection connection = c.open();
        if (c.random.chance(0.5)) {
            byte[] hello = WireBytes.hello(1);
            connection.send(java.util.Arrays.copyOf(hello, c.random.between(1, hello.length)));
        }
        long waitMillis = c.settings.handshakeTimeoutSeconds() * 1000L + 3000;
        long until = System.nanoTime() + waitMillis * 1_000_000;
        boolean closed = false;
        while (!closed && c.timeLeft() && System.nanoTime() - until < 0) {
            closed = connection.replies().awaitClosed(200);
        }
        if (!closed && System.nanoTime() - until >= 0) {
            c.expect(false, "a connection without a HELLO is closed after the handshake timeout ("
                    + c.settings.handshakeTimeoutSeconds() + " s)", "still open after " + waitMillis + " ms");
        }
    }
}
