package org.letterbox.server.cli;

import org.letterbox.server.CriticalFailure;
import org.letterbox.server.LetterboxBroker;
import org.letterbox.server.store.FsyncPolicy;
import org.letterbox.server.store.StoreType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code letterbox run}: starts a broker and keeps it running until the process gets SIGTERM or SIGINT.
 *
 * <p>Settings come from the defaults, then the {@code --config} file, then the flags (the flags win; see
 * {@link BrokerSettings} for how lists combine). Once listening it prints exactly one line to stdout,
 * {@code Letterbox broker listening on tcp://HOST:PORT ...}, with the real port; on shutdown it closes the
 * broker and prints {@code Letterbox broker stopped}. Logging goes to stderr.
 */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Run a broker until SIGTERM or SIGINT (Ctrl-C).",
                "Settings: defaults < --config file < flags."})
final class RunCommand implements Callable<Integer> {

    static final String LISTENING = "Letterbox broker listening on ";
    static final String STOPPED = "Letterbox broker stopped";
    static final String CLUSTER_NODE_STARTED = "Letterbox cluster node started: ";

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on (default: 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port; 0 picks a free one (default: 61616).")
    Integer port;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory, created if missing (default: data, in the working directory). "
                    + "The chronicle store keeps its journal in DIR/journal.")
    Path data;

    @Option(names = "--store", paramLabel = "TYPE", converter = StoreTypeConverter.class,
            description = "chronicle (default: persistent messages survive restarts) or memory (nothing survives).")
    StoreType store;

    @Option(names = "--fsync", paramLabel = "POLICY", converter = FsyncConverter.class,
            description = "When the journal is fsynced: never (survives a process kill), batch (default: group commit, "
                    + "survives power loss; a confirmed send has been fsynced) or always (every record, acks too).")
    FsyncPolicy fsync;

    @Option(names = "--journal-roll-cycle", paramLabel = "CYCLE",
            description = "How often the journal starts a new file; a file whose messages are all settled is deleted "
                    + "(default: FAST_HOURLY; e.g. FIVE_MINUTELY, FAST_DAILY).")
    String journalRollCycle;

    @Option(names = "--max-delivery-attempts", paramLabel = "N",
            description = "Deliveries before a message goes to the dead-letter queue; 0 = unlimited (default: 10).")
    String maxDeliveryAttempts;

    @Option(names = "--redelivery-delay", paramLabel = "MS", description = "Wait before the first redelivery (default: 0).")
    String redeliveryDelay;

    @Option(names = "--redelivery-backoff", paramLabel = "X",
            description = "Each further redelivery waits X times longer, X >= 1 (default: 2.0).")
    String redeliveryBackoff;

    @Option(names = "--max-redelivery-delay", paramLabel = "MS", description = "Cap on the redelivery wait (default: 60000).")
    String maxRedeliveryDelay;

    @Option(names = "--dead-letter-queue", paramLabel = "NAME", description = "Dead-letter queue, or none (default: DLQ).")
    String deadLetterQueue;

    @Option(names = "--expiry-queue", paramLabel = "NAME", description = "Where expired messages go, or none: dropped (default).")
    String expiryQueue;

    @Option(names = "--memory-limit", paramLabel = "SIZE",
            description = "Bytes of waiting messages each destination holds in memory, e.g. 64m; 0 = unlimited "
                    + "(default: an eighth of the heap).")
    String memoryLimit;

    @Option(names = "--memory-budget", paramLabel = "SIZE",
            description = "Bytes all messages together may take in memory, e.g. 512m: past it persistent messages are "
                    + "paged to disk and producers of the rest wait; 0 = unlimited (default: half the heap).")
    String memoryBudget;

    @Option(names = "--handshake-timeout", paramLabel = "MS",
            description = "Close a connection that has not completed its handshake by then; 0 = never (default: 10000).")
    Long handshakeTimeout;

    @Option(names = "--connection-ttl", paramLabel = "MS",
            description = "Close a connection nothing was heard from (not even a heartbeat) for this long; 0 = never "
                    + "(default: 60000).")
    Long connectionTtl;

    @Option(names = "--critical-timeout", paramLabel = "MS",
            description = "Halt when the broker thread has not run for this long (a supervisor restarts it); 0 = not "
                    + "watched (default: 60000).")
    Long criticalTimeout;

    @Option(names = "--full-policy", paramLabel = "POLICY",
            description = "Past the memory limit: paging (keep persistent messages on disk only; default with the "
                    + "chronicle store) or block (make producers wait; default with the memory store).")
    String fullPolicy;

    @Option(names = "--policy", paramLabel = "DEST.KEY=VALUE",
            description = "A policy key for one destination (repeatable), e.g. orders.maxDeliveryAttempts=3.")
    List<String> destinationPolicies = new ArrayList<>();

    @Option(names = "--node-id", paramLabel = "ID",
            description = "This node's id in the cluster (with --cluster).")
    String nodeId;

    @Option(names = "--cluster", paramLabel = "ID=HOST:PORT,...",
            description = "Run as a node of a replicated cluster (Raft): every node's id and replication address, e.g. "
                    + "n1=127.0.0.1:7001,n2=127.0.0.1:7002,n3=127.0.0.1:7003. Only the leader serves clients (on "
                    + "--port); the journal is the cluster's log in DIR/raft. Without it: one broker, as always.")
    String cluster;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with keys host, port, data, store, fsync, journalRollCycle, allowAnonymous, "
                    + "autoCreateDestinations, maxFrameSize, memoryBudget, handshakeTimeout, connectionTtl, "
                    + "criticalTimeout, nodeId, cluster, users, queues, topics, the policy keys (maxDeliveryAttempts, "
                    + "redeliveryDelay, redeliveryBackoff, maxRedeliveryDelay, deadLetterQueue, expiryQueue, memoryLimit, "
                    + "fullPolicy) and policy.DEST.KEY. Unknown keys are an error.")
    Path config;

    @Option(names = "--user", paramLabel = UserCredential.FORM, converter = UserCredential.Converter.class,
            description = "A user (repeatable); once any user exists, connections must authenticate.")
    List<UserCredential> users = new ArrayList<>();

    @Option(names = "--allow-anonymous", description = "With users configured, still accept connections without a user.")
    boolean allowAnonymous;

    @Option(names = "--vm-name", paramLabel = "NAME", description = "Also listen in-VM as vm://NAME.")
    String vmName;

    @Option(names = "--max-frame-size", paramLabel = "BYTES",
            description = "Largest frame accepted, at least 1024 (default: 64 MiB).")
    Integer maxFrameSize;

    @Option(names = "--no-auto-create", description = "Destinations must be declared (--queue, --topic, config file).")
    boolean noAutoCreate;

    @Option(names = "--queue", paramLabel = "NAME", description = "Declare a queue at start (repeatable).")
    List<String> queues = new ArrayList<>();

    @Option(names = "--topic", paramLabel = "NAME", description = "Declare a topic at start (repeatable).")
    List<String> topics = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        BrokerSettings settings = resolveSettings();
        createDataDirectory(settings.data());
        PrintWriter out = spec.commandLine().getOut();
        if (clustered(settings)) {
            return runClusterNode(settings, out);
        }
        LetterboxBroker broker = startBroker(settings);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
                out.println(STOPPED);
                out.flush();
            } finally {
                stopped.countDown();
            }
        }, "letterbox-shutdown"));
        out.println(listeningLine(broker, settings));
        out.flush();
        stopped.await();
        return 0;
    }

    private boolean clustered(BrokerSettings settings) {
        try {
            return settings.clustered();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /**
     * A cluster node: prints one line once its Raft member runs, then a line each time it starts or stops serving
     * clients, until SIGTERM or SIGINT.
     */
    private int runClusterNode(BrokerSettings settings, PrintWriter out) throws InterruptedException {
        org.letterbox.server.cluster.ClusterConfig config = settings.clusterConfig();
        int maxFrame = settings.maxFrameSize != null ? settings.maxFrameSize
                : org.letterbox.server.connection.CoreConfig.DEFAULT_MAX_FRAME_SIZE;
        org.letterbox.server.cluster.ClusterBroker node;
        try {
            node = new org.letterbox.server.cluster.ClusterBroker(config, settings.data(), maxFrame,
                    org.letterbox.server.cluster.ClusterBroker.DEFAULT_SEGMENT_BYTES,
                    () -> settings.toBuilder().onCriticalFailure(CriticalFailure.Policy.HALT),
                    line -> {
                        synchronized (out) {
                            out.println("Letterbox " + line);
                            out.flush();
                        }
                    }).start();
        } catch (RuntimeException e) {
            throw new CliException("cannot start cluster node " + config.nodeId() + ": " + LetterboxCli.describe(e), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                out.println(STOPPED);
                out.flush();
            } finally {
                stopped.countDown();
            }
        }, "letterbox-shutdown"));
        synchronized (out) {
            out.println(CLUSTER_NODE_STARTED + config.nodeId() + " (replication on " + config.peers().get(config.nodeId())
                    + ", serves tcp://" + settings.host() + ":" + settings.port() + " while it leads; data directory "
                    + settings.data().toAbsolutePath().normalize() + ")");
            out.flush();
        }
        stopped.await();
        return 0;
    }

    /** Defaults, then the config file, then the flags. Bad input is a {@link ParameterException} (exit code 2). */
    BrokerSettings resolveSettings() {
        BrokerSettings fromFile = new BrokerSettings();
        if (config != null) {
            try {
                fromFile = BrokerConfigFile.load(config);
            } catch (ConfigException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }
        return fromFile.overriddenBy(flagSettings());
    }

    /** The settings given as flags (unset ones stay null, so the file's values show through). */
    BrokerSettings flagSettings() {
        BrokerSettings flags = new BrokerSettings();
        flags.host = check("--host", host, h -> BrokerSettings.checkName("host", h));
        flags.port = check("--port", port, BrokerSettings::checkPort);
        flags.data = data;
        flags.store = store;
        flags.fsync = fsync;
        flags.vmName = check("--vm-name", vmName, n -> BrokerSettings.checkName("vm name", n));
        flags.maxFrameSize = check("--max-frame-size", maxFrameSize, BrokerSettings::checkMaxFrameSize);
        flags.memoryBudget = sizeOption("--memory-budget", memoryBudget);
        flags.handshakeTimeoutMillis = check("--handshake-timeout", handshakeTimeout, BrokerSettings::checkMillis);
        flags.connectionTtlMillis = check("--connection-ttl", connectionTtl, BrokerSettings::checkMillis);
        flags.criticalTimeoutMillis = check("--critical-timeout", criticalTimeout, BrokerSettings::checkMillis);
        flags.nodeId = check("--node-id", nodeId, n -> BrokerSettings.checkName("node id", n));
        flags.cluster = check("--cluster", cluster, BrokerSettings::checkCluster);
        if (allowAnonymous) {
            flags.allowAnonymous = true;
        }
        if (noAutoCreate) {
            flags.autoCreateDestinations = false;
        }
        users.forEach(user -> flags.users.put(user.name(), user.password()));
        queues.forEach(queue -> flags.queues.add(check("--queue", queue, q -> BrokerSettings.checkName("queue name", q))));
        topics.forEach(topic -> flags.topics.add(check("--topic", topic, t -> BrokerSettings.checkName("topic name", t))));
        flags.journalRollCycle = check("--journal-roll-cycle", journalRollCycle, c -> {
            org.letterbox.server.store.chronicle.ChronicleStore.rollCycle(c);
            return c;
        });
        policyFlag(flags, "--max-delivery-attempts", PolicySettings.MAX_DELIVERY_ATTEMPTS, maxDeliveryAttempts);
        policyFlag(flags, "--redelivery-delay", PolicySettings.REDELIVERY_DELAY, redeliveryDelay);
        policyFlag(flags, "--redelivery-backoff", PolicySettings.REDELIVERY_BACKOFF, redeliveryBackoff);
        policyFlag(flags, "--max-redelivery-delay", PolicySettings.MAX_REDELIVERY_DELAY, maxRedeliveryDelay);
        policyFlag(flags, "--dead-letter-queue", PolicySettings.DEAD_LETTER_QUEUE, deadLetterQueue);
        policyFlag(flags, "--expiry-queue", PolicySettings.EXPIRY_QUEUE, expiryQueue);
        policyFlag(flags, "--memory-limit", PolicySettings.MEMORY_LIMIT, memoryLimit);
        policyFlag(flags, "--full-policy", PolicySettings.FULL_POLICY, fullPolicy);
        for (String item : destinationPolicies) {
            int eq = item.indexOf('=');
            String key = eq < 0 ? item : item.substring(0, eq);
            int dot = key.lastIndexOf('.');
            if (eq < 0 || dot <= 0 || !PolicySettings.isKey(key.substring(dot + 1))) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--policy': expected "
                        + "DESTINATION.KEY=VALUE with KEY one of " + String.join(", ", PolicySettings.KEYS) + " but was '" + item + "'");
            }
            String policyKey = key.substring(dot + 1);
            String value = item.substring(eq + 1);
            check("--policy", value, v -> {
                PolicySettings.apply(org.letterbox.server.destination.DeliveryPolicy.DEFAULT, policyKey, v);
                return v;
            });
            flags.destinationPolicies.computeIfAbsent(key.substring(0, dot), d -> new java.util.LinkedHashMap<>()).put(policyKey, value);
        }
        return flags;
    }

    private void policyFlag(BrokerSettings flags, String option, String key, String value) {
        if (value != null) {
            check(option, value, v -> {
                PolicySettings.apply(org.letterbox.server.destination.DeliveryPolicy.DEFAULT, key, v);
                return v;
            });
            flags.policy.put(key, value);
        }
    }

    private Long sizeOption(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return PolicySettings.size(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + e.getMessage());
        }
    }

    private <T> T check(String option, T value, java.util.function.UnaryOperator<T> checker) {
        if (value == null) {
            return null;
        }
        try {
            return checker.apply(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': " + e.getMessage());
        }
    }

    static void createDataDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new CliException("cannot use data directory " + dir + ": it exists and is not a directory", e);
        } catch (IOException e) {
            throw new CliException("cannot create data directory " + dir + ": " + LetterboxCli.describe(e), e);
        }
    }

    /** Starts the broker; a failure (port in use, ...) is a {@link CliException} with a one-line message. */
    static LetterboxBroker startBroker(BrokerSettings settings) {
        try {
            // standalone: a broker that can no longer trust itself exits, so its supervisor restarts it
            return settings.toBuilder().onCriticalFailure(CriticalFailure.Policy.HALT).start();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new CliException("cannot start the broker on " + settings.host() + ":" + settings.port() + ": "
                    + LetterboxCli.describe(e), e);
        }
    }

    static String listeningLine(LetterboxBroker broker, BrokerSettings settings) {
        StringBuilder line = new StringBuilder(LISTENING).append(broker.tcpUrl());
        if (broker.vmUrl() != null) {
            line.append(" and ").append(broker.vmUrl());
        }
        return line.append(" (").append(broker.storeDescription()).append("; data directory ")
                .append(settings.data().toAbsolutePath().normalize()).append(')').toString();
    }

    static final class StoreTypeConverter implements picocli.CommandLine.ITypeConverter<StoreType> {
        @Override
        public StoreType convert(String value) {
            try {
                return StoreType.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FsyncConverter implements picocli.CommandLine.ITypeConverter<FsyncPolicy> {
        @Override
        public FsyncPolicy convert(String value) {
            try {
                return FsyncPolicy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
