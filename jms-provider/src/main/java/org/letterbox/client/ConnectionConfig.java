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
 */
public record ConnectionConfig(String scheme, String host, int port, String user, String password,
                               String clientId, int consumerWindowMessages, int consumerWindowBytes,
                               long connectTimeoutMillis, int maxFrameSize, boolean blockOnNonPersistentSend,
                               boolean vmCreate) {

    public static final int DEFAULT_PORT = 61616;
    public static final int DEFAULT_WINDOW_MESSAGES = 1000;
    public static final int DEFAULT_WINDOW_BYTES = 1024 * 1024;
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_MAX_FRAME_SIZE = 64 * 1024 * 1024;

    public ConnectionConfig {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
    }

    /** A copy with other default credentials (used by createConnection(user, password)). */
    public ConnectionConfig withCredentials(String newUser, String newPassword) {
        return new ConnectionConfig(scheme, host, port, newUser, newPassword, clientId, consumerWindowMessages,
                consumerWindowBytes, connectTimeoutMillis, maxFrameSize, blockOnNonPersistentSend, vmCreate);
    }

    /** A copy with another administratively configured client ID. */
    public ConnectionConfig withClientId(String newClientId) {
        return new ConnectionConfig(scheme, host, port, user, password, newClientId, consumerWindowMessages,
                consumerWindowBytes, connectTimeoutMillis, maxFrameSize, blockOnNonPersistentSend, vmCreate);
    }

    /** A copy with another prefetch window in messages (0 = pure pull); the byte window is kept. */
    public ConnectionConfig withConsumerWindow(int newConsumerWindowMessages) {
        return new ConnectionConfig(scheme, host, port, user, password, clientId, newConsumerWindowMessages,
                consumerWindowBytes, connectTimeoutMillis, maxFrameSize, blockOnNonPersistentSend, vmCreate);
    }
}
