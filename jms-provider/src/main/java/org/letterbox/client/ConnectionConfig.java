package org.letterbox.client;

import java.util.Objects;

/**
 * Everything a connection needs, parsed from a broker URL ({@code tcp://host:port?opt=v&...} or
 * {@code vm://name?opt=v}) by {@link BrokerUrl}. Immutable.
 *
 * @param scheme                  "tcp" or "vm" (picks the {@link org.letterbox.client.transport.TransportFactory})
 * @param host                    tcp host, or the vm broker name
 * @param port                    tcp port (unused for vm)
 * @param user                    default user for createConnection() without credentials; may be null
 * @param password                default password; may be null
 * @param clientId                administratively configured client ID; may be null
 * @param consumerWindowMessages  prefetch window per consumer in messages; 0 = pure pull
 * @param consumerWindowBytes     prefetch window per consumer in bytes
 * @param connectTimeoutMillis    TCP connect + handshake timeout
 * @param maxFrameSize            largest frame accepted from the broker
 * @param blockOnNonPersistentSend whether a NON_PERSISTENT send waits for the broker's receipt
 * @param vmCreate                vm only: start an embedded broker for the name when none runs in this JVM
 * @param heartbeatMillis         how often each side writes something (a heartbeat when idle); 0 = no heartbeats
 * @param connectionTtlMillis     the connection fails when nothing is heard from the broker for that long; 0 = never
 * @param requestTimeoutMillis    a blocking call fails when the broker has not answered it within that long; 0 = never
 * @param failover                tcp only: the addresses to try in turn and for how long; null = just host:port, once
 */
public record ConnectionConfig(String scheme, String host, int port, String user, String password,
                               String clientId, int consumerWindowMessages, int consumerWindowBytes,
                               long connectTimeoutMillis, int maxFrameSize, boolean blockOnNonPersistentSend,
                               boolean vmCreate, long heartbeatMillis, long connectionTtlMillis,
                               long requestTimeoutMillis, Failover failover) {

    public static final int DEFAULT_PORT = 61616;
    public static final int DEFAULT_WINDOW_MESSAGES = 1000;
    public static final int DEFAULT_WINDOW_BYTES = 1024 * 1024;
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_MAX_FRAME_SIZE = 64 * 1024 * 1024;
    public static final long DEFAULT_HEARTBEAT_MILLIS = 10_000;
    public static final long DEFAULT_CONNECTION_TTL_MILLIS = 30_000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 30_000;
    /**
     * What a frame from the broker may exceed {@link #maxFrameSize} by: the broker forwards a message that filled a
     * whole frame with its own delivery headers (and a dead-letter copy with a few properties more).
     */
    public static final int FRAME_HEADROOM = 64 * 1024;

    public ConnectionConfig {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
    }

    /** The largest frame this client reads from the broker: its own limit and the broker's headroom on top. */
    public int inboundFrameLimit() {
        return (int) Math.min(Integer.MAX_VALUE, (long) maxFrameSize + FRAME_HEADROOM);
    }

    /** A copy with other default credentials (used by createConnection(user, password)). */
    public ConnectionConfig withCredentials(String newUser, String newPassword) {
        return new ConnectionConfig(scheme, host, port, newUser, newPassword, clientId, consumerWindowMessages,
                consumerWindowBytes, connectTimeoutMillis, maxFrameSize, blockOnNonPersistentSend, vmCreate,
                heartbeatMillis, connectionTtlMillis, requestTimeoutMillis, failover);
    }

    /** A copy with another administratively configured client ID. */
    public ConnectionConfig withClientId(String newClientId) {
        return new ConnectionConfig(scheme, host, port, user, password, newClientId, consumerWindowMessages,
                consumerWindowBytes, connectTimeoutMillis, maxFrameSize, blockOnNonPersistentSend, vmCreate,
                heartbeatMillis, connectionTtlMillis, requestTimeoutMillis, failover);
    }

    /** A copy with another prefetch window in messages (0 = pure pull); the byte window is kept. */
    public ConnectionConfig withConsumerWindow(int newConsumerWindowMessages) {
        return new ConnectionConfig(scheme, host, port, user, password, clientId, newConsumerWindowMessages,
                consumerWindowBytes, connectTimeoutMillis, maxFrameSize, blockOnNonPersistentSend, vmCreate,
                heartbeatMillis, connectionTtlMillis, requestTimeoutMillis, failover);
    }

    /** A copy that connects to {@code address} only (one attempt of a failover round). */
    public ConnectionConfig at(Failover.Address address) {
        return new ConnectionConfig(scheme, address.host(), address.port(), user, password, clientId,
                consumerWindowMessages, consumerWindowBytes, connectTimeoutMillis, maxFrameSize, blockOnNonPersistentSend,
                vmCreate, heartbeatMillis, connectionTtlMillis, requestTimeoutMillis, null);
    }
}
