package org.letterbox.server.fuzz;

import jakarta.jms.Session;
import org.letterbox.protocol.DestinationRef;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.Frames;

import java.io.IOException;

/** Connections that complete the handshake and then send frames: well-formed with random fields, mutated, XA. */
final class FrameScenarios {
    private static final int[] ACK_MODES = {Session.SESSION_TRANSACTED, Session.AUTO_ACKNOWLEDGE,
            Session.CLIENT_ACKNOWLEDGE, Session.DUPS_OK_ACKNOWLEDGE, Frames.XA_SESSION};

    private FrameScenarios() {
    }

    /** Well-formed frames of every client type with random field values, some split across writes. */
    static void validFrames(FuzzContext c) throws IOException, InterruptedException {
        FuzzConnection connection = c.openAndHello();
        openSessions(c, connection);
        for (int i = c.random.between(50, 400); i > 0 && c.timeLeft(); i--) {
            byte[] frame = WireBytes.encode(c.frames.any());
            if (c.random.chance(0.1)) {
                connection.sendInPieces(frame, c.random);
            } else {
                connection.send(frame);
            }
            c.pace();
        }
        endConnection(c, connection);
    }

    /** Like {@link #validFrames}, but about a third of the frames are broken by a {@link FrameMutator} first. */
    static void mutatedFrames(FuzzContext c) throws IOException, InterruptedException {
        FuzzConnection connection = c.openAndHello();
        openSessions(c, connection);
        for (int i = c.random.between(30, 300); i > 0 && c.timeLeft(); i--) {
            byte[] frame = WireBytes.encode(c.frames.any());
            if (c.random.chance(0.35)) {
                frame = c.mutator.mutate(frame, WireBytes.encode(c.frames.any()));
            }
            connection.send(frame);
            c.pace();
        }
        endConnection(c, connection);
    }

    /** An XA session (and maybe others) with XA frames in any order, good and bad XIDs and flags, sends between. */
    static void xaFrames(FuzzContext c) throws IOException, InterruptedException {
        FuzzConnection connection = c.openAndHello();
        c.send(connection, new Frames.CreateSession(c.frames.requestId(), c.frames.newSession(), Frames.XA_SESSION));
        openSessions(c, connection);
        for (int i = c.random.between(30, 300); i > 0 && c.timeLeft(); i--) {
            connection.send(WireBytes.encode(c.frames.xa()));
            c.pace();
        }
        endConnection(c, connection);
    }

    /** DeleteTempDestination naming a plain queue or topic: the broker must refuse it, not fail. */
    static void deleteTempNamingPlain(FuzzContext c) throws IOException, InterruptedException {
        FuzzConnection connection = c.openAndHello();
        for (int i = c.random.between(1, 6); i > 0 && c.timeLeft(); i--) {
            DestinationRef plain = c.random.chance(0.5) ? FuzzDestinations.anyQueue(c.random)
                    : new DestinationRef(DestinationRef.Kind.TOPIC, "fuzz.t0");
            c.send(connection, new Frames.DeleteTempDestination(c.frames.requestId(), plain));
        }
        endConnection(c, connection);
    }

    private static void openSessions(FuzzContext c, FuzzConnection connection) throws IOException {
        for (int i = c.random.between(1, 4); i > 0; i--) {
            c.send(connection, new Frames.CreateSession(c.frames.requestId(), c.frames.newSession(),
                    ACK_MODES[c.random.nextInt(ACK_MODES.length)]));
        }
        if (c.random.chance(0.7)) {
            c.send(connection, new Frames.Start(c.frames.requestId()));
        }
    }

    /** A clean CloseConnection (answered, then closed by the broker) or just dropping the socket. */
    static void endConnection(FuzzContext c, FuzzConnection connection) throws IOException, InterruptedException {
        if (c.random.chance(0.3)) {
            Frame close = new Frames.CloseConnection(c.frames.requestId());
            connection.send(WireBytes.encode(close));
            // not an expectation: a connection its producer flow control stopped reading never sees this frame
            connection.replies().awaitClosed(2000);
        } else {
            c.linger(300); // let the last replies arrive before the socket goes
        }
    }
}
