package org.letterbox.server.connection;

/**
 * When one connection was last heard from and last written to, and what that means at a given moment: a connection
 * without its HELLO past the handshake timeout, or silent past its TTL, is to be closed; one that has been written
 * nothing for the heartbeat interval its client asked for is owed a heartbeat. Times are the broker clock's
 * milliseconds, passed in, so the rules can be checked without waiting.
 */
final class ConnectionLiveness {
    enum Verdict { ALIVE, HEARTBEAT_DUE, NO_HELLO_IN_TIME, SILENT_PAST_TTL }

    private final long handshakeTimeoutMillis;
    private final long ttlMillis;
    private final long openedAt;
    private long lastReadAt;
    private long lastWriteAt;
    private long heartbeatMillis; // the client wants to hear from us at least this often (0 = never)

    ConnectionLiveness(long handshakeTimeoutMillis, long ttlMillis, long now) {
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.ttlMillis = ttlMillis;
        this.openedAt = now;
        this.lastReadAt = now;
        this.lastWriteAt = now;
    }

    void heard(long now) {
        lastReadAt = now;
    }

    void wrote(long now) {
        lastWriteAt = now;
    }

    /** The client asked for heartbeats this often (0 = none). */
    void heartbeat(long millis) {
        this.heartbeatMillis = millis;
    }

    long silentFor(long now) {
        return now - lastReadAt;
    }

    long ttlMillis() {
        return ttlMillis;
    }

    long handshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    /**
     * @param authenticated    whether its HELLO was accepted
     * @param notReadOnPurpose the broker itself stopped reading it (flow control): its silence says nothing
     */
    Verdict check(long now, boolean authenticated, boolean notReadOnPurpose) {
        if (!authenticated) {
            return handshakeTimeoutMillis > 0 && now - openedAt >= handshakeTimeoutMillis
                    ? Verdict.NO_HELLO_IN_TIME : Verdict.ALIVE;
        }
        if (notReadOnPurpose) {
            lastReadAt = now;
        }
        if (ttlMillis > 0 && now - lastReadAt >= ttlMillis) {
            return Verdict.SILENT_PAST_TTL;
        }
        if (heartbeatMillis > 0 && now - lastWriteAt >= heartbeatMillis) {
            return Verdict.HEARTBEAT_DUE;
        }
        return Verdict.ALIVE;
    }
}
