package org.letterbox.server.cluster;

import org.letterbox.server.LetterboxBroker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Letterbox cluster in this JVM: three {@link ClusterBroker} nodes on loopback, each with its own Raft port, JMS
 * port and data directory. A node can be stopped and started again on its data.
 */
final class LocalCluster implements AutoCloseable {
    private final Path root;
    private final Map<String, String> peers = new LinkedHashMap<>();
    private final int[] jmsPorts;
    private final ClusterBroker[] nodes;
    private final long segmentBytes;

    LocalCluster(Path root, int size, long segmentBytes) throws IOException {
        this.root = root;
        this.segmentBytes = segmentBytes;
        jmsPorts = new int[size];
        for (int i = 0; i < size; i++) {
            peers.put("n" + (i + 1), "127.0.0.1:" + LocalRaftGroup.freePort());
            jmsPorts[i] = LocalRaftGroup.freePort();
        }
        nodes = new ClusterBroker[size];
        for (int i = 0; i < size; i++) {
            start(i);
        }
    }

    void start(int i) {
        String id = "n" + (i + 1);
        ClusterConfig config = new ClusterConfig(id, peers, "test", 300, 64, true);
        int port = jmsPorts[i];
        nodes[i] = new ClusterBroker(config, root.resolve(id), 1 << 20, segmentBytes,
                () -> LetterboxBroker.builder().port(port).maxFrameSize(1 << 20), line -> { }).start();
    }

    void stop(int i) {
        nodes[i].close();
        nodes[i] = null;
    }

    ClusterBroker node(int i) {
        return nodes[i];
    }

    /** {@code tcp://} with every node's JMS address, for a client that fails over. */
    String failoverUrl(String options) {
        StringBuilder url = new StringBuilder("tcp://");
        for (int i = 0; i < jmsPorts.length; i++) {
            url.append(i == 0 ? "" : ",").append("127.0.0.1:").append(jmsPorts[i]);
        }
        return options.isEmpty() ? url.toString() : url + "?" + options;
    }

    /** The index of the node serving clients, waiting for one (an election, a replay) up to 30 s. */
    int serving() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i] != null && nodes[i].broker() != null) {
                    return i;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no node serves within 30 s");
    }

    String url(int i) {
        return "tcp://127.0.0.1:" + jmsPorts[i];
    }

    @Override
    public void close() {
        java.util.stream.IntStream.range(0, nodes.length).parallel().filter(i -> nodes[i] != null).forEach(this::stop);
    }
}
