package org.letterbox.server.cluster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who is in the cluster and who this node is: {@code --node-id n1 --cluster n1=127.0.0.1:7001,n2=...,n3=...}. The
 * addresses are the nodes' Raft (replication) ports, not their JMS ports.
 */
public record ClusterConfig(String nodeId, Map<String, String> peers, String groupName, int electionTimeoutMillis,
                            long snapshotThreshold, boolean syncLog) {
    public static final int DEFAULT_ELECTION_TIMEOUT_MILLIS = 500;
    public static final long DEFAULT_SNAPSHOT_THRESHOLD = 1024;

    public ClusterConfig {
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one node");
        }
        if (!peers.containsKey(nodeId)) {
            throw new IllegalArgumentException("node id " + nodeId + " is not in the cluster " + peers.keySet());
        }
        peers = Collections.unmodifiableMap(new LinkedHashMap<>(peers));
    }

    public static ClusterConfig of(String nodeId, String cluster) {
        return new ClusterConfig(nodeId, parse(cluster), "letterbox", DEFAULT_ELECTION_TIMEOUT_MILLIS,
                DEFAULT_SNAPSHOT_THRESHOLD, true);
    }

    /**
     * With {@code false} (fsync=never) a node acknowledges entries to the leader before its fsync: a confirmed send
     * survives the loss of any minority of processes, not a power loss of the majority.
     */
    public ClusterConfig withSyncLog(boolean sync) {
        return new ClusterConfig(nodeId, peers, groupName, electionTimeoutMillis, snapshotThreshold, sync);
    }

    public ClusterConfig withSnapshotThreshold(long threshold) {
        return new ClusterConfig(nodeId, peers, groupName, electionTimeoutMillis, threshold, syncLog);
    }

    public ClusterConfig withElectionTimeoutMillis(int millis) {
        return new ClusterConfig(nodeId, peers, groupName, millis, snapshotThreshold, syncLog);
    }

    /**
     * Parses {@code id=host:port,id=host:port,...}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Map<String, String> parse(String cluster) {
        Map<String, String> peers = new LinkedHashMap<>();
        for (String part : cluster.split(",")) {
            String entry = part.trim();
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("cluster member '" + entry + "' is not id=host:port");
            }
            String id = entry.substring(0, eq).trim();
            String address = entry.substring(eq + 1).trim();
            if (!id.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("cluster node id '" + id + "' may only have letters, digits, - and _");
            }
            int colon = address.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("cluster member " + id + ": '" + address + "' is not host:port");
            }
            try {
                int port = Integer.parseInt(address.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cluster member " + id + ": bad port in '" + address + "'");
            }
            if (peers.put(id, address) != null) {
                throw new IllegalArgumentException("cluster node id " + id + " appears twice");
            }
        }
        return peers;
    }

    String hostOf(String id) {
        String address = peers.get(id);
        return address.substring(0, address.lastIndexOf(':'));
    }

    int portOf(String id) {
        String address = peers.get(id);
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
