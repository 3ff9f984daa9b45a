package org.letterbox.client;

import java.util.List;

/**
 * How a connection finds a broker among several addresses (the nodes of a cluster, where only the leader listens, or
 * a broker that restarts): try each in turn, waiting {@code reconnectDelayMillis} after a full round, twice as long
 * after each further one up to {@code maxReconnectDelayMillis}, until {@code timeoutMillis} has passed.
 *
 * @param addresses             {@code host:port} (IPv6 hosts in brackets), in the order given
 * @param timeoutMillis         how long to keep trying; 0 = try each address once
 * @param reconnectDelayMillis  the wait after the first round that found no broker
 * @param maxReconnectDelayMillis the longest wait between rounds
 */
public record Failover(List<Address> addresses, long timeoutMillis, long reconnectDelayMillis,
                       long maxReconnectDelayMillis) {
    public static final long DEFAULT_TIMEOUT_MILLIS = 30_000;
    public static final long DEFAULT_RECONNECT_DELAY_MILLIS = 100;
    public static final long DEFAULT_MAX_RECONNECT_DELAY_MILLIS = 2_000;

    public Failover {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("failover needs at least one address");
        }
    }

    /** One broker address. */
    public record Address(String host, int port) {
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** The wait before round {@code round} (0-based; round 0 starts at once). */
    long delayBefore(int round) {
        if (round == 0) {
            return 0;
        }
        long delay = reconnectDelayMillis;
        for (int i = 1; i < round && delay < maxReconnectDelayMillis; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxReconnectDelayMillis);
    }

    @Override
    public String toString() {
        return String.join(",", addresses.stream().map(Address::toString).toList());
    }
}
