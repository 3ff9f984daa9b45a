package org.letterbox.server.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The broker's configuration file: Java properties (read as UTF-8) with these keys, all optional:
 * <pre>
 * host=127.0.0.1
 * port=61616                      # 0 picks a free port
 * data=./data
 * allowAnonymous=false
 * autoCreateDestinations=true
 * maxFrameSize=67108864           # bytes, at least 1024
 * users=alice:secret,bob:pa:ss    # NAME:PASSWORD, comma-separated (a password may hold ':' but not ',')
 * queues=orders,invoices          # declared at start
 * topics=prices
 * store=chronicle                # chronicle (journal in the data directory) or memory
 * fsync=batch                    # never, batch (group commit) or always
 * journalRollCycle=FAST_HOURLY   # how often the journal starts a new file (a settled file is deleted)
 * maxDeliveryAttempts=10          # delivery policy, see PolicySettings: also redeliveryDelay, redeliveryBackoff,
 * memoryLimit=64m                 # maxRedeliveryDelay, deadLetterQueue, expiryQueue, memoryLimit, fullPolicy
 * policy.orders.maxDeliveryAttempts=3   # the same keys for one destination
 * nodeId=n1                       # a cluster node: its id, and every node's Raft address (see RunCommand)
 * cluster=n1=127.0.0.1:7001,n2=127.0.0.1:7002,n3=127.0.0.1:7003
 * </pre>
 * An unknown key, a key given twice or a bad value is an error naming the key, never ignored.
 */
final class BrokerConfigFile {
    static final String HOST = "host";
    static final String PORT = "port";
    static final String DATA = "data";
    static final String ALLOW_ANONYMOUS = "allowAnonymous";
    static final String AUTO_CREATE_DESTINATIONS = "autoCreateDestinations";
    static final String MAX_FRAME_SIZE = "maxFrameSize";
    static final String USERS = "users";
    static final String QUEUES = "queues";
    static final String TOPICS = "topics";
    static final String STORE = "store";
    static final String FSYNC = "fsync";
    static final String JOURNAL_ROLL_CYCLE = "journalRollCycle";
    static final String MEMORY_BUDGET = "memoryBudget";
    static final String HANDSHAKE_TIMEOUT = "handshakeTimeout";
    static final String CONNECTION_TTL = "connectionTtl";
    static final String CRITICAL_TIMEOUT = "criticalTimeout";
    static final String NODE_ID = "nodeId";
    static final String CLUSTER = "cluster";

    static final List<String> KEYS = java.util.stream.Stream.concat(java.util.stream.Stream.of(HOST, PORT, DATA,
            ALLOW_ANONYMOUS, AUTO_CREATE_DESTINATIONS, MAX_FRAME_SIZE, USERS, QUEUES, TOPICS, STORE, FSYNC,
            JOURNAL_ROLL_CYCLE, MEMORY_BUDGET, HANDSHAKE_TIMEOUT, CONNECTION_TTL, CRITICAL_TIMEOUT, NODE_ID, CLUSTER),
            PolicySettings.KEYS.stream()).toList();

    private BrokerConfigFile() {
    }

    /** Reads and checks {@code file}. */
    static BrokerSettings load(Path file) throws ConfigException {
        StrictProperties properties = new StrictProperties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException(null, "config file " + file + " does not exist");
        } catch (DuplicateKeyException e) {
            throw new ConfigException(e.key, "config file " + file + ": key '" + e.key + "' is set more than once");
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed \\uXXXX escape
            throw new ConfigException(null, "cannot read config file " + file + ": " + LetterboxCli.describe(e));
        }
        return parse(properties, "config file " + file);
    }

    /** Checks already loaded properties; {@code source} prefixes error messages. */
    static BrokerSettings parse(Properties properties, String source) throws ConfigException {
        BrokerSettings settings = new BrokerSettings();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(key).strip();
            try {
                apply(settings, key, value);
            } catch (IllegalArgumentException e) {
                String shown = key.equals(USERS) ? "" : " '" + value + "'"; // never echo passwords
                throw new ConfigException(key, source + ": invalid value" + shown + " for key '" + key + "': "
                        + e.getMessage());
            } catch (UnknownKeyException e) {
                throw new ConfigException(key, source + ": unknown key '" + key + "'" + suggestion(key)
                        + " (known keys: " + String.join(", ", KEYS) + ", and policy.DESTINATION.KEY for the policy keys)");
            }
        }
        return settings;
    }

    private static void apply(BrokerSettings settings, String key, String value) throws UnknownKeyException {
        switch (key) {
            case HOST -> settings.host = BrokerSettings.checkName("host", value);
            case PORT -> settings.port = BrokerSettings.checkPort(integer(value));
            case DATA -> settings.data = Path.of(BrokerSettings.checkName("data directory", value));
            case ALLOW_ANONYMOUS -> settings.allowAnonymous = bool(value);
            case AUTO_CREATE_DESTINATIONS -> settings.autoCreateDestinations = bool(value);
            case MAX_FRAME_SIZE -> settings.maxFrameSize = BrokerSettings.checkMaxFrameSize(integer(value));
            case USERS -> {
                for (String item : list(value)) {
                    UserCredential user = UserCredential.parse(item);
                    if (settings.users.putIfAbsent(user.name(), user.password()) != null) {
                        throw new IllegalArgumentException("user '" + user.name() + "' is listed twice");
                    }
                }
            }
            case QUEUES -> settings.queues.addAll(list(value));
            case TOPICS -> settings.topics.addAll(list(value));
            case STORE -> settings.store = org.letterbox.server.store.StoreType.parse(value);
            case FSYNC -> settings.fsync = org.letterbox.server.store.FsyncPolicy.parse(value);
            case MEMORY_BUDGET -> settings.memoryBudget = PolicySettings.size(value);
            case HANDSHAKE_TIMEOUT -> settings.handshakeTimeoutMillis = BrokerSettings.checkMillis(integer(value));
            case CONNECTION_TTL -> settings.connectionTtlMillis = BrokerSettings.checkMillis(integer(value));
            case CRITICAL_TIMEOUT -> settings.criticalTimeoutMillis = BrokerSettings.checkMillis(integer(value));
            case NODE_ID -> settings.nodeId = BrokerSettings.checkName("node id", value);
            case CLUSTER -> settings.cluster = BrokerSettings.checkCluster(value);
            case JOURNAL_ROLL_CYCLE -> {
                org.letterbox.server.store.chronicle.ChronicleStore.rollCycle(value);
                settings.journalRollCycle = value;
            }
            default -> applyPolicy(settings, key, value);
        }
    }

    /** A global policy key, or policy.DESTINATION.KEY. */
    static void applyPolicy(BrokerSettings settings, String key, String value) throws UnknownKeyException {
        if (PolicySettings.isKey(key)) {
            PolicySettings.apply(org.letterbox.server.destination.DeliveryPolicy.DEFAULT, key, value); // checks the value
            settings.policy.put(key, value);
            return;
        }
        if (key.startsWith(PolicySettings.PER_DESTINATION_PREFIX)) {
            String rest = key.substring(PolicySettings.PER_DESTINATION_PREFIX.length());
            int dot = rest.lastIndexOf('.');
            if (dot > 0 && PolicySettings.isKey(rest.substring(dot + 1))) {
                String destination = rest.substring(0, dot);
                String policyKey = rest.substring(dot + 1);
                PolicySettings.apply(org.letterbox.server.destination.DeliveryPolicy.DEFAULT, policyKey, value);
                settings.destinationPolicies.computeIfAbsent(destination, d -> new java.util.LinkedHashMap<>()).put(policyKey, value);
                return;
            }
        }
        throw new UnknownKeyException();
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer");
        }
    }

    private static boolean bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    /** Comma-separated items, stripped; empty items (a trailing comma, an empty value) are skipped. */
    static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    /** " (did you mean 'port'?)" for a key that differs from a known one only in case or by a small typo. */
    private static String suggestion(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : KEYS) {
            int distance = known.equalsIgnoreCase(key) ? 0 : distance(known.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = known;
            }
        }
        return best != null && bestDistance <= 2 ? " (did you mean '" + best + "'?)" : "";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    static final class UnknownKeyException extends Exception {
        UnknownKeyException() {
            super(null, null, false, false);
        }
    }

    private static final class DuplicateKeyException extends RuntimeException {
        final String key;

        DuplicateKeyException(String key) {
            super("duplicate key " + key, null, false, false);
            this.key = key;
        }
    }

    /** Properties that refuse a key loaded twice (plain {@link Properties} silently keeps the last). */
    private static final class StrictProperties extends Properties {
        @Override
        public synchronized Object put(Object key, Object value) {
            if (containsKey(key)) {
                throw new DuplicateKeyException((String) key);
            }
            return super.put(key, value);
        }
    }
}
