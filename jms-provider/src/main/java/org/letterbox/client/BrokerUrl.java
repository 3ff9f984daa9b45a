package org.letterbox.client;

import jakarta.jms.JMSException;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses a broker URL into a {@link ConnectionConfig}.
 *
 * <pre>
 * tcp://host[:port][/][?option=value&amp;...]      port defaults to 61616; IPv6 literals as [::1]
 * tcp://host:port,host:port,...[?option=...]     several addresses: failover (the nodes of a cluster)
 * vm://[name][/][?option=value&amp;...]            name defaults to "localhost"
 * </pre>
 *
 * <p>Options (names are case-sensitive; keys and values are URL-decoded, so {@code +} means a space and
 * {@code %2B} a plus sign; each option may appear once):
 * <table>
 *   <caption>broker URL options</caption>
 *   <tr><td>{@code user}, {@code password}</td><td>default credentials for {@code createConnection()}</td></tr>
 *   <tr><td>{@code clientId}</td><td>administratively configured client ID</td></tr>
 *   <tr><td>{@code consumerWindow}</td><td>prefetch window in messages, &ge; 0 (0 = pure pull); default 1000</td></tr>
 *   <tr><td>{@code consumerWindowBytes}</td><td>prefetch window in bytes, &ge; 0; default 1 MiB</td></tr>
 *   <tr><td>{@code connectTimeout}</td><td>connect + handshake timeout in ms, &gt; 0; default 10000</td></tr>
 *   <tr><td>{@code maxFrameSize}</td><td>largest frame accepted from the broker in bytes, &gt; 0; default 64 MiB</td></tr>
 *   <tr><td>{@code blockOnNonPersistentSend}</td><td>{@code true}/{@code false}; default false</td></tr>
 *   <tr><td>{@code heartbeat}</td><td>ms, &ge; 0: each side writes at least this often (a heartbeat when idle);
 *   0 = none; default 10000</td></tr>
 *   <tr><td>{@code connectionTtl}</td><td>ms, &ge; 0: the connection fails when nothing was heard from the broker for
 *   this long; 0 = never; default 30000</td></tr>
 *   <tr><td>{@code requestTimeout}</td><td>ms, &ge; 0: a blocking call (send, commit, create...) fails when the broker
 *   has not answered within this long; 0 = wait forever; default 30000</td></tr>
 *   <tr><td>{@code failoverTimeout}</td><td>tcp, ms, &ge; 0: with several addresses (or this option), connecting
 *   tries each in turn until one serves, for up to this long; 0 = one round; default 30000</td></tr>
 *   <tr><td>{@code reconnectDelay}, {@code maxReconnectDelay}</td><td>tcp, ms, &gt; 0: the wait after a round that
 *   found no broker, doubling up to the maximum; defaults 100 and 2000</td></tr>
 *   <tr><td>{@code create}</td><td>vm only, {@code true}/{@code false}: start an embedded broker if none runs; default true</td></tr>
 * </table>
 *
 * <p>Anything else (unknown scheme or option, malformed host/port, a bad number or boolean, a negative window,
 * a repeated option) is a {@link JMSException} whose message names the offending part. Scheme names are
 * case-insensitive. Credentials in the authority ({@code tcp://user:pw@host}) are not supported: use the
 * {@code user}/{@code password} options.
 */
public final class BrokerUrl {

    public static final String DEFAULT_URL = "tcp://localhost:" + ConnectionConfig.DEFAULT_PORT;
    public static final String DEFAULT_VM_NAME = "localhost";

    public static final String USER = "user";
    public static final String PASSWORD = "password";
    public static final String CLIENT_ID = "clientId";
    public static final String CONSUMER_WINDOW = "consumerWindow";
    public static final String CONSUMER_WINDOW_BYTES = "consumerWindowBytes";
    public static final String CONNECT_TIMEOUT = "connectTimeout";
    public static final String MAX_FRAME_SIZE = "maxFrameSize";
    public static final String BLOCK_ON_NON_PERSISTENT_SEND = "blockOnNonPersistentSend";
    public static final String CREATE = "create";
    public static final String HEARTBEAT = "heartbeat";
    public static final String CONNECTION_TTL = "connectionTtl";
    public static final String REQUEST_TIMEOUT = "requestTimeout";
    public static final String FAILOVER_TIMEOUT = "failoverTimeout";
    public static final String RECONNECT_DELAY = "reconnectDelay";
    public static final String MAX_RECONNECT_DELAY = "maxReconnectDelay";

    /** Every option name. */
    public static final Set<String> OPTIONS = Set.of(USER, PASSWORD, CLIENT_ID, CONSUMER_WINDOW,
            CONSUMER_WINDOW_BYTES, CONNECT_TIMEOUT, MAX_FRAME_SIZE, BLOCK_ON_NON_PERSISTENT_SEND, CREATE, HEARTBEAT,
            CONNECTION_TTL, REQUEST_TIMEOUT, FAILOVER_TIMEOUT, RECONNECT_DELAY, MAX_RECONNECT_DELAY);

    private static final String KNOWN_OPTIONS = "user, password, clientId, consumerWindow, consumerWindowBytes, "
            + "connectTimeout, maxFrameSize, blockOnNonPersistentSend, heartbeat, connectionTtl, requestTimeout, "
            + "failoverTimeout, reconnectDelay, maxReconnectDelay, "
            + "create (vm only)";

    private BrokerUrl() {
    }

    /** Parses {@code url}; see the class comment for the grammar. */
    public static ConnectionConfig parse(String url) throws JMSException {
        if (url == null || url.isBlank()) {
            throw invalid(url, "the broker URL is empty");
        }
        String text = url.strip();
        int schemeEnd = text.indexOf("://");
        if (schemeEnd <= 0) {
            throw invalid(url, "expected tcp://host:port or vm://name");
        }
        String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = text.substring(schemeEnd + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        if (rest.indexOf('#') >= 0) {
            throw invalid(url, "a fragment ('#') is not allowed");
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }

        String host;
        int port;
        List<Failover.Address> addresses = new ArrayList<>();
        switch (scheme) {
            case "tcp" -> {
                for (String authority : rest.split(",", -1)) {
                    int[] portHolder = {ConnectionConfig.DEFAULT_PORT};
                    String h = parseTcpAuthority(url, authority.strip(), portHolder);
                    addresses.add(new Failover.Address(h, portHolder[0]));
                }
                host = addresses.get(0).host();
                port = addresses.get(0).port();
            }
            case "vm" -> {
                if (rest.indexOf('/') >= 0 || rest.indexOf('@') >= 0) {
                    throw invalid(url, "invalid vm broker name '" + rest + "'");
                }
                host = rest.isEmpty() ? DEFAULT_VM_NAME : decode(url, "vm broker name", rest, rest);
                port = 0;
            }
            default -> throw invalid(url, "unknown scheme '" + scheme + "' (supported: tcp, vm)");
        }

        Map<String, String> options = parseQuery(url, query);
        String user = options.remove(USER);
        String password = options.remove(PASSWORD);
        String clientId = options.remove(CLIENT_ID);
        int windowMessages = intOption(url, options, CONSUMER_WINDOW, ConnectionConfig.DEFAULT_WINDOW_MESSAGES, 0);
        int windowBytes = intOption(url, options, CONSUMER_WINDOW_BYTES, ConnectionConfig.DEFAULT_WINDOW_BYTES, 0);
        long connectTimeout = longOption(url, options, CONNECT_TIMEOUT, ConnectionConfig.DEFAULT_CONNECT_TIMEOUT_MILLIS, 1);
        int maxFrameSize = intOption(url, options, MAX_FRAME_SIZE, ConnectionConfig.DEFAULT_MAX_FRAME_SIZE, 1);
        boolean blockOnNonPersistent = booleanOption(url, options, BLOCK_ON_NON_PERSISTENT_SEND, false);
        boolean heartbeatGiven = options.containsKey(HEARTBEAT);
        boolean ttlGiven = options.containsKey(CONNECTION_TTL);
        long heartbeat = longOption(url, options, HEARTBEAT, ConnectionConfig.DEFAULT_HEARTBEAT_MILLIS, 0);
        long connectionTtl = longOption(url, options, CONNECTION_TTL, ConnectionConfig.DEFAULT_CONNECTION_TTL_MILLIS, 0);
        if (heartbeat == 0 && connectionTtl > 0) {
            if (ttlGiven) {
                throw invalid(url, "option 'connectionTtl' needs heartbeats: with 'heartbeat=0' an idle broker sends "
                        + "nothing, so set 'connectionTtl=0' too");
            }
            connectionTtl = 0;
        }
        if (!heartbeatGiven && connectionTtl > 0) {
            heartbeat = Math.min(heartbeat, Math.max(1, connectionTtl / 3)); // a short TTL needs heartbeats within it
        }
        long requestTimeout = longOption(url, options, REQUEST_TIMEOUT, ConnectionConfig.DEFAULT_REQUEST_TIMEOUT_MILLIS, 0);
        Failover failover = null;
        boolean failoverAsked = options.containsKey(FAILOVER_TIMEOUT) || options.containsKey(RECONNECT_DELAY)
                || options.containsKey(MAX_RECONNECT_DELAY);
        if (failoverAsked && !scheme.equals("tcp")) {
            throw invalid(url, "failover options apply only to tcp:// URLs");
        }
        if (addresses.size() > 1 || failoverAsked) {
            long failoverTimeout = longOption(url, options, FAILOVER_TIMEOUT, Failover.DEFAULT_TIMEOUT_MILLIS, 0);
            long reconnectDelay = longOption(url, options, RECONNECT_DELAY, Failover.DEFAULT_RECONNECT_DELAY_MILLIS, 1);
            long maxReconnectDelay = longOption(url, options, MAX_RECONNECT_DELAY,
                    Math.max(reconnectDelay, Failover.DEFAULT_MAX_RECONNECT_DELAY_MILLIS), 1);
            if (maxReconnectDelay < reconnectDelay) {
                throw invalid(url, "option 'maxReconnectDelay' (" + maxReconnectDelay + " ms) must not be shorter than "
                        + "'reconnectDelay' (" + reconnectDelay + " ms)");
            }
            failover = new Failover(addresses, failoverTimeout, reconnectDelay, maxReconnectDelay);
        }
        boolean vmCreate = true;
        if (options.containsKey(CREATE)) {
            if (!scheme.equals("vm")) {
                throw invalid(url, "option 'create' applies only to vm:// URLs");
            }
            vmCreate = booleanOption(url, options, CREATE, true);
        }
        if (!options.isEmpty()) {
            String key = options.keySet().iterator().next();
            throw invalid(url, "unknown option '" + key + "' (known: " + KNOWN_OPTIONS + ")");
        }
        if (clientId != null && clientId.isEmpty()) {
            throw invalid(url, "option 'clientId' must not be empty");
        }
        if (connectionTtl > 0 && heartbeat > 0 && connectionTtl <= heartbeat) {
            throw invalid(url, "option 'connectionTtl' (" + connectionTtl + " ms) must be longer than 'heartbeat' ("
                    + heartbeat + " ms): the broker heartbeats only that often");
        }
        return new ConnectionConfig(scheme, host, port, user, password, clientId, windowMessages, windowBytes,
                connectTimeout, maxFrameSize, blockOnNonPersistent, vmCreate, heartbeat, connectionTtl, requestTimeout,
                failover);
    }

    /**
     * The URL that {@link #parse} turns back into {@code config}: defaults are left out, values are encoded.
     * Handy for logging (mask the password first) and for tests.
     */
    public static String toUrl(ConnectionConfig config) {
        StringBuilder sb = new StringBuilder(config.scheme()).append("://");
        if (config.scheme().equals("tcp") && config.failover() != null) {
            sb.append(config.failover());
        } else if (config.scheme().equals("tcp")) {
            sb.append(config.host().indexOf(':') >= 0 ? "[" + config.host() + "]" : config.host())
                    .append(':').append(config.port());
        } else {
            sb.append(encode(config.host()));
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (config.user() != null) {
            options.put(USER, config.user());
        }
        if (config.password() != null) {
            options.put(PASSWORD, config.password());
        }
        if (config.clientId() != null) {
            options.put(CLIENT_ID, config.clientId());
        }
        if (config.consumerWindowMessages() != ConnectionConfig.DEFAULT_WINDOW_MESSAGES) {
            options.put(CONSUMER_WINDOW, Integer.toString(config.consumerWindowMessages()));
        }
        if (config.consumerWindowBytes() != ConnectionConfig.DEFAULT_WINDOW_BYTES) {
            options.put(CONSUMER_WINDOW_BYTES, Integer.toString(config.consumerWindowBytes()));
        }
        if (config.connectTimeoutMillis() != ConnectionConfig.DEFAULT_CONNECT_TIMEOUT_MILLIS) {
            options.put(CONNECT_TIMEOUT, Long.toString(config.connectTimeoutMillis()));
        }
        if (config.maxFrameSize() != ConnectionConfig.DEFAULT_MAX_FRAME_SIZE) {
            options.put(MAX_FRAME_SIZE, Integer.toString(config.maxFrameSize()));
        }
        if (config.blockOnNonPersistentSend()) {
            options.put(BLOCK_ON_NON_PERSISTENT_SEND, "true");
        }
        if (config.heartbeatMillis() != ConnectionConfig.DEFAULT_HEARTBEAT_MILLIS) {
            options.put(HEARTBEAT, Long.toString(config.heartbeatMillis()));
        }
        if (config.connectionTtlMillis() != ConnectionConfig.DEFAULT_CONNECTION_TTL_MILLIS) {
            options.put(CONNECTION_TTL, Long.toString(config.connectionTtlMillis()));
        }
        if (config.requestTimeoutMillis() != ConnectionConfig.DEFAULT_REQUEST_TIMEOUT_MILLIS) {
            options.put(REQUEST_TIMEOUT, Long.toString(config.requestTimeoutMillis()));
        }
        Failover failover = config.failover();
        if (failover != null) {
            if (failover.timeoutMillis() != Failover.DEFAULT_TIMEOUT_MILLIS || failover.addresses().size() == 1) {
                options.put(FAILOVER_TIMEOUT, Long.toString(failover.timeoutMillis()));
            }
            if (failover.reconnectDelayMillis() != Failover.DEFAULT_RECONNECT_DELAY_MILLIS) {
                options.put(RECONNECT_DELAY, Long.toString(failover.reconnectDelayMillis()));
            }
            if (failover.maxReconnectDelayMillis() != Math.max(failover.reconnectDelayMillis(),
                    Failover.DEFAULT_MAX_RECONNECT_DELAY_MILLIS)) {
                options.put(MAX_RECONNECT_DELAY, Long.toString(failover.maxReconnectDelayMillis()));
            }
        }
        if (config.scheme().equals("vm") && !config.vmCreate()) {
            options.put(CREATE, "false");
        }
        char sep = '?';
        for (Map.Entry<String, String> e : options.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return sb.toString();
    }

    /** {@code url} with the value of a {@code password} option replaced by {@code ***}, for logs and toString. */
    public static String maskPassword(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceAll("([?&]password=)[^&#]*", "$1***");
    }

    private static String parseTcpAuthority(String url, String authority, int[] portOut) throws JMSException {
        if (authority.isEmpty()) {
            throw invalid(url, "tcp:// needs a host");
        }
        if (authority.indexOf('/') >= 0) {
            throw invalid(url, "a path is not allowed in a tcp:// URL");
        }
        if (authority.indexOf('@') >= 0) {
            throw invalid(url, "credentials in the host part are not supported; use ?user=...&password=...");
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid(url, "unterminated IPv6 address '" + authority + "'");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw invalid(url, "unexpected '" + after + "' after IPv6 address");
                }
                portText = after.substring(1);
            }
            if (host.isEmpty() || !host.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9._~-]+)?")) {
                throw invalid(url, "invalid IPv6 address '" + host + "'");
            }
            host = host.replace("%25", "%"); // RFC 6874 zone id: [fe80::1%25eth0] means fe80::1%eth0
        } else {
            int colon = authority.indexOf(':');
            if (colon >= 0) {
                if (authority.indexOf(':', colon + 1) >= 0) {
                    throw invalid(url, "an IPv6 address must be written in brackets, e.g. tcp://[::1]:61616");
                }
                host = authority.substring(0, colon);
                portText = authority.substring(colon + 1);
            } else {
                host = authority;
            }
            if (host.isEmpty()) {
                throw invalid(url, "tcp:// needs a host");
            }
            if (!host.matches("[A-Za-z0-9._-]+")) {
                throw invalid(url, "invalid host '" + host + "'");
            }
        }
        if (portText != null) {
            int port;
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw invalid(url, "invalid port '" + portText + "'");
            }
            if (port < 1 || port > 65535) {
                throw invalid(url, "port " + port + " is out of range 1-65535");
            }
            portOut[0] = port;
        }
        return host;
    }

    private static Map<String, String> parseQuery(String url, String query) throws JMSException {
        Map<String, String> options = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return options;
        }
        if (query.indexOf('#') >= 0) {
            throw invalid(url, "a fragment ('#') is not allowed");
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue; // tolerate "a=1&&b=2" and a trailing '&'
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw invalid(url, "option '" + pair + "' has no value (expected " + pair + "=...)");
            }
            String key = decode(url, "option name", pair.substring(0, eq), pair.substring(0, eq));
            String rawValue = pair.substring(eq + 1);
            String value = decode(url, "option '" + key + "'", PASSWORD.equals(key) ? "***" : rawValue, rawValue);
            if (!OPTIONS.contains(key)) {
                throw invalid(url, "unknown option '" + key + "' (known: " + KNOWN_OPTIONS + ")");
            }
            if (options.putIfAbsent(key, value) != null) {
                throw invalid(url, "option '" + key + "' is given more than once");
            }
        }
        return options;
    }

    private static int intOption(String url, Map<String, String> options, String key, int defaultValue, int min)
            throws JMSException {
        String value = options.remove(key);
        if (value == null) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(url, "option '" + key + "' has invalid value '" + value + "' (expected an integer)");
        }
        checkMin(url, key, value, parsed, min);
        return parsed;
    }

    private static long longOption(String url, Map<String, String> options, String key, long defaultValue, long min)
            throws JMSException {
        String value = options.remove(key);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(url, "option '" + key + "' has invalid value '" + value + "' (expected an integer)");
        }
        checkMin(url, key, value, parsed, min);
        return parsed;
    }

    private static void checkMin(String url, String key, String value, long parsed, long min) throws JMSException {
        if (parsed < min) {
            String rule = min == 0 ? "must not be negative" : "must be at least " + min;
            throw invalid(url, "option '" + key + "' has invalid value '" + value + "' (" + rule + ")");
        }
    }

    private static boolean booleanOption(String url, Map<String, String> options, String key, boolean defaultValue)
            throws JMSException {
        String value = options.remove(key);
        if (value == null) {
            return defaultValue;
        }
        String v = value.strip();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(url, "option '" + key + "' has invalid value '" + value + "' (expected true or false)");
    }

    /** Decodes {@code raw}; an error message shows {@code shown} (the raw text, or a mask for a password). */
    private static String decode(String url, String what, String shown, String raw) throws JMSException {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            JMSException ex = invalid(url, what + " has a malformed %-escape in '" + shown + "'");
            ex.initCause(e);
            throw ex;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JMSException invalid(String url, String problem) {
        return new JMSException("invalid broker URL '" + maskPassword(url) + "': " + problem);
    }
}
