package org.letterbox.server.connection;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.letterbox.server.connection.ConnectionLiveness.Verdict.ALIVE;
import static org.letterbox.server.connection.ConnectionLiveness.Verdict.HEARTBEAT_DUE;
import static org.letterbox.server.connection.ConnectionLiveness.Verdict.NO_HELLO_IN_TIME;
import static org.letterbox.server.connection.ConnectionLiveness.Verdict.SILENT_PAST_TTL;

/** The liveness rules on a clock of the test's own: handshake timeout, TTL, heartbeats, and reading stopped on purpose. */
class ConnectionLivenessTest {
    private static final long HANDSHAKE = 10_000;
    private static final long TTL = 60_000;

    @Test
    void withoutAHelloItIsClosedAtTheHandshakeTimeoutAndNotBefore() {
        ConnectionLiveness liveness = new ConnectionLiveness(HANDSHAKE, TTL, 1_000);
        liveness.heard(5_000); // bytes that were not a HELLO do not extend it
        assertEquals(ALIVE, liveness.check(10_999, false, false));
        assertEquals(NO_HELLO_IN_TIME, liveness.check(11_000, false, false));
    }

    @Test
    void anAuthenticatedConnectionIsClosedWhenSilentForItsTtl() {
        ConnectionLiveness liveness = new ConnectionLiveness(HANDSHAKE, TTL, 0);
        liveness.heard(30_000);
        assertEquals(ALIVE, liveness.check(89_999, true, false));
        assertEquals(SILENT_PAST_TTL, liveness.check(90_000, true, false));
    }

    @Test
    void whatTheClientSendsKeepsItAlive() {
        ConnectionLiveness liveness = new ConnectionLiveness(HANDSHAKE, TTL, 0);
        for (long t = 0; t < 10 * TTL; t += TTL / 2) {
            liveness.heard(t);
            assertEquals(ALIVE, liveness.check(t + TTL - 1, true, false));
        }
    }

    @Test
    void aConnectionTheBrokerStoppedReadingIsNotSilentOnItsOwn() {
        ConnectionLiveness liveness = new ConnectionLiveness(HANDSHAKE, TTL, 0);
        assertEquals(ALIVE, liveness.check(5 * TTL, true, true), "flow control, not the client, made it quiet");
        assertEquals(ALIVE, liveness.check(6 * TTL - 1, true, false));
        assertEquals(SILENT_PAST_TTL, liveness.check(6 * TTL, true, false));
    }

    @Test
    void aHeartbeatIsDueWhenNothingWasWrittenForTheIntervalTheClientAskedFor() {
        ConnectionLiveness liveness = new ConnectionLiveness(HANDSHAKE, 0, 0);
        assertEquals(ALIVE, liveness.check(1_000_000, true, false), "no heartbeats asked for");
        liveness.heartbeat(10_000);
        liveness.wrote(1_000_000);
        assertEquals(ALIVE, liveness.check(1_009_999, true, false));
        assertEquals(HEARTBEAT_DUE, liveness.check(1_010_000, true, false));
        liveness.wrote(1_010_000);
        assertEquals(ALIVE, liveness.check(1_010_001, true, false));
    }

    @Test
    void zeroTurnsTheTimeoutsOff() {
        ConnectionLiveness liveness = new ConnectionLiveness(0, 0, 0);
        assertEquals(ALIVE, liveness.check(Long.MAX_VALUE / 2, false, false));
        assertEquals(ALIVE, liveness.check(Long.MAX_VALUE / 2, true, false));
    }
}
