package org.letterbox.server.connection;

/**
 * The limits and timeouts the broker core enforces on every connection.
 *
 * @param maxFrameSize            largest frame an authenticated client may send (a message fits in one)
 * @param preAuthMaxFrameSize     largest frame before the HELLO is accepted: a HELLO is tiny, so an unauthenticated
 *                                peer cannot make the broker buffer a big frame
 * @param memoryBudgetBytes       the broker-wide memory budget of messages (0 = unlimited)
 * @param handshakeTimeoutMillis  a connection that has not completed its HELLO by then is closed (0 = never)
 * @param connectionTtlMillis     a connection the broker heard nothing from for that long is closed (0 = never)
 * @param maxSessionsPerConnection  sessions one connection may have open at once
 * @param maxConsumersPerConnection consumers one connection may have open at once
 * @param maxBrowsersPerConnection  browsers one connection may have open at once
 * @param sendWindowBytes         bytes of messages a client may have sent before the broker credited them back
 */
public record CoreConfig(int maxFrameSize, int preAuthMaxFrameSize, long memoryBudgetBytes, long handshakeTimeoutMillis,
                         long connectionTtlMillis, int maxSessionsPerConnection, int maxConsumersPerConnection,
                         int maxBrowsersPerConnection, int sendWindowBytes) {

    public static final int DEFAULT_MAX_FRAME_SIZE = 64 * 1024 * 1024;
    public static final int DEFAULT_PRE_AUTH_MAX_FRAME_SIZE = 64 * 1024;
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    public static final long DEFAULT_CONNECTION_TTL_MILLIS = 60_000;
    public static final int DEFAULT_MAX_SESSIONS = 10_000;
    public static final int DEFAULT_MAX_CONSUMERS = 10_000;
    public static final int DEFAULT_MAX_BROWSERS = 1_000;
    public static final int DEFAULT_SEND_WINDOW = 512 * 1024;

    public CoreConfig {
        if (maxFrameSize < 1024) {
            throw new IllegalArgumentException("maxFrameSize must be at least 1024 bytes");
        }
        if (preAuthMaxFrameSize < 64 || preAuthMaxFrameSize > maxFrameSize) {
            throw new IllegalArgumentException("the frame limit before authentication must be 64 bytes to maxFrameSize");
        }
        if (memoryBudgetBytes < 0 || handshakeTimeoutMillis < 0 || connectionTtlMillis < 0) {
            throw new IllegalArgumentException("a memory budget or timeout cannot be negative");
        }
        if (maxSessionsPerConnection < 1 || maxConsumersPerConnection < 1 || maxBrowsersPerConnection < 1
                || sendWindowBytes < 1024) {
            throw new IllegalArgumentException("per-connection limits must be at least 1");
        }
    }
}
