package org.letterbox.server.cli;

import org.letterbox.server.LetterboxBroker;
import org.letterbox.server.store.FsyncPolicy;
import org.letterbox.server.store.StoreType;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One layer of broker settings (defaults, config file or flags): a null field is "not set here".
 * {@link #overriddenBy} stacks layers; the accessors give the effective value, falling back to the defaults.
 *
 * <p>Scalars of the upper layer replace the lower one's. Users are merged by name (the upper layer's password
 * wins); queues and topics to declare are the union of both layers.
 */
final class BrokerSettings {
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 61616;
    static final Path DEFAULT_DATA = Path.of("data");
    static final int MIN_FRAME_SIZE = 1024;

    String host;
    Integer port;
    Path data;
    Boolean allowAnonymous;
    Boolean autoCreateDestinations;
    Integer maxFrameSize;
    String vmName;
    StoreType store;
    FsyncPolicy fsync;
    final Map<String, String> users = new LinkedHashMap<>();
    final Set<String> queues = new LinkedHashSet<>();
    final Set<String> topics = new LinkedHashSet<>();
    String journalRollCycle;
    Long memoryBudget;           // bytes; 0 = unlimited
    Long handshakeTimeoutMillis;
    Long connectionTtlMillis;
    Long criticalTimeoutMillis;
    String nodeId;               // with cluster: this node's id in it
    String cluster;              // id=host:port,...: the cluster's Raft addresses; null runs a single broker
    /** Global delivery-policy keys ({@link PolicySettings}) to their values. */
    final Map<String, String> policy = new LinkedHashMap<>();
    /** Per destination: policy key to value. */
    final Map<String, Map<String, String>> destinationPolicies = new LinkedHashMap<>();

    /** A new layer: this one with every value set in {@code top} taking precedence. */
    BrokerSettings overriddenBy(BrokerSettings top) {
        BrokerSettings merged = new BrokerSettings();
        merged.host = top.host != null ? top.host : host;
        merged.port = top.port != null ? top.port : port;
        merged.data = top.data != null ? top.data : data;
        merged.allowAnonymous = top.allowAnonymous != null ? top.allowAnonymous : allowAnonymous;
        merged.autoCreateDestinations = top.autoCreateDestinations != null
                ? top.autoCreateDestinations : autoCreateDestinations;
        merged.maxFrameSize = top.maxFrameSize != null ? top.maxFrameSize : maxFrameSize;
        merged.vmName = top.vmName != null ? top.vmName : vmName;
        merged.store = top.store != null ? top.store : store;
        merged.fsync = top.fsync != null ? top.fsync : fsync;
        merged.users.putAll(users);
        merged.users.putAll(top.users);
        merged.queues.addAll(queues);
        merged.queues.addAll(top.queues);
        merged.topics.addAll(topics);
        merged.topics.addAll(top.topics);
        merged.journalRollCycle = top.journalRollCycle != null ? top.journalRollCycle : journalRollCycle;
        merged.memoryBudget = top.memoryBudget != null ? top.memoryBudget : memoryBudget;
        merged.handshakeTimeoutMillis = top.handshakeTimeoutMillis != null ? top.handshakeTimeoutMillis : handshakeTimeoutMillis;
        merged.connectionTtlMillis = top.connectionTtlMillis != null ? top.connectionTtlMillis : connectionTtlMillis;
        merged.criticalTimeoutMillis = top.criticalTimeoutMillis != null ? top.criticalTimeoutMillis : criticalTimeoutMillis;
        merged.nodeId = top.nodeId != null ? top.nodeId : nodeId;
        merged.cluster = top.cluster != null ? top.cluster : cluster;
        merged.policy.putAll(policy);
        merged.policy.putAll(top.policy);
        destinationPolicies.forEach((d, m) -> merged.destinationPolicies.computeIfAbsent(d, k -> new LinkedHashMap<>()).putAll(m));
        top.destinationPolicies.forEach((d, m) -> merged.destinationPolicies.computeIfAbsent(d, k -> new LinkedHashMap<>()).putAll(m));
        return merged;
    }

    String host() {
        return host != null ? host : DEFAULT_HOST;
    }

    int port() {
        return port != null ? port : DEFAULT_PORT;
    }

    Path data() {
        return data != null ? data : DEFAULT_DATA;
    }

    /** The standalone broker keeps its messages in the Chronicle journal unless told otherwise. */
    StoreType store() {
        return store != null ? store : StoreType.CHRONICLE;
    }

    FsyncPolicy fsync() {
        return fsync != null ? fsync : FsyncPolicy.BATCH;
    }

    boolean allowAnonymous() {
        return allowAnonymous != null && allowAnonymous;
    }

    boolean autoCreateDestinations() {
        return autoCreateDestinations == null || autoCreateDestinations;
    }

    /** The builder for these settings; unset values keep the broker's own defaults. */
    LetterboxBroker.Builder toBuilder() {
        LetterboxBroker.Builder builder = LetterboxBroker.builder()
                .host(host())
                .port(port())
                .dataDirectory(data())
                .store(store())
                .fsync(fsync())
                .allowAnonymous(allowAnonymous())
                .autoCreateDestinations(autoCreateDestinations());
        if (maxFrameSize != null) {
            builder.maxFrameSize(maxFrameSize);
        }
        if (vmName != null) {
            builder.vmName(vmName);
        }
        if (journalRollCycle != null) {
            builder.journalRollCycle(journalRollCycle);
        }
        if (memoryBudget != null) {
            builder.memoryBudget(memoryBudget);
        }
        if (handshakeTimeoutMillis != null) {
            builder.handshakeTimeout(java.time.Duration.ofMillis(handshakeTimeoutMillis));
        }
        if (connectionTtlMillis != null) {
            builder.connectionTtl(java.time.Duration.ofMillis(connectionTtlMillis));
        }
        if (criticalTimeoutMillis != null) {
            builder.criticalTimeout(java.time.Duration.ofMillis(criticalTimeoutMillis));
        }
        org.letterbox.server.destination.DeliveryPolicy global =
                PolicySettings.policy(org.letterbox.server.destination.DeliveryPolicy.DEFAULT, policy);
        builder.deliveryPolicy(global);
        destinationPolicies.forEach((destination, values) -> builder.deliveryPolicy(destination, PolicySettings.policy(global, values)));
        users.forEach(builder::user);
        queues.forEach(builder::queue);
        topics.forEach(builder::topic);
        return builder;
    }

    /** Whether these settings make a cluster node (both {@code nodeId} and {@code cluster} set, and they agree). */
    boolean clustered() {
        if (cluster == null && nodeId == null) {
            return false;
        }
        if (cluster == null || nodeId == null) {
            throw new IllegalArgumentException("a cluster node needs both a node id (--node-id, nodeId) and the cluster "
                    + "(--cluster, cluster)");
        }
        clusterConfig(); // checks that the node is in the cluster
        if (store == StoreType.MEMORY) {
            throw new IllegalArgumentException("a cluster node keeps its journal in the cluster's replicated log: "
                    + "store=memory does not apply");
        }
        return true;
    }

    org.letterbox.server.cluster.ClusterConfig clusterConfig() {
        return org.letterbox.server.cluster.ClusterConfig.of(nodeId, cluster).withSyncLog(fsync() != FsyncPolicy.NEVER);
    }

    // ------------------------------------------------------------------ value checks shared by flags and file

    /** @throws IllegalArgumentException unless {@code id=host:port,...} */
    static String checkCluster(String cluster) {
        org.letterbox.server.cluster.ClusterConfig.parse(cluster);
        return cluster.strip();
    }

    /** @throws IllegalArgumentException for a negative number of milliseconds */
    static long checkMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("expected a number of milliseconds, 0 or more, but was " + millis);
        }
        return millis;
    }

    /** @throws IllegalArgumentException unless 0..65535 */
    static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("expected a port number from 0 to 65535 (0 picks a free port) but was " + port);
        }
        return port;
    }

    /** @throws IllegalArgumentException if below {@value #MIN_FRAME_SIZE} */
    static int checkMaxFrameSize(int bytes) {
        if (bytes < MIN_FRAME_SIZE) {
            throw new IllegalArgumentException("expected at least " + MIN_FRAME_SIZE + " bytes but was " + bytes);
        }
        return bytes;
    }

    /** @throws IllegalArgumentException if blank */
    static String checkName(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the " + what + " must not be empty");
        }
        return name.strip();
    }
}
