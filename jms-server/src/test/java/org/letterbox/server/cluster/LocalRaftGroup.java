package org.letterbox.server.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Three (or more) Raft members of one group in this JVM, on loopback ports, each with its own storage directory:
 * enough to test the replicated log without starting brokers. A member can be stopped and started again on its data.
 */
final class LocalRaftGroup implements AutoCloseable {
    private final Path root;
    private final Map<String, String> peers = new LinkedHashMap<>();
    private final ClusterMember[] members;
    private final long snapshotThreshold;
    private final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());

    LocalRaftGroup(Path root, int size, long snapshotThreshold) throws IOException {
        this.root = root;
        this.snapshotThreshold = snapshotThreshold;
        for (int i = 1; i <= size; i++) {
            peers.put("n" + i, "127.0.0.1:" + freePort());
        }
        members = new ClusterMember[size];
        for (int i = 0; i < size; i++) {
            start(i);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    void start(int i) {
        String id = "n" + (i + 1);
        ClusterConfig config = new ClusterConfig(id, peers, "test", 300, snapshotThreshold, true);
        members[i] = new ClusterMember(config, root.resolve(id), 1 << 20, new JournalStateMachine.RoleListener() {
            @Override
            public void leaderReady() {
                events.add(id + " leads");
            }

            @Override
            public void notLeader() {
                events.add(id + " follows");
            }
        });
        members[i].start();
    }

    void stop(int i) {
        members[i].close();
        members[i] = null;
    }

    ClusterMember member(int i) {
        return members[i];
    }

    int size() {
        return members.length;
    }

    /** The member that leads and has applied every earlier entry (ready to take a record log). */
    ClusterMember readyLeader() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (ClusterMember member : members) {
                if (member != null && member.isLeader() && member.division().getInfo().isLeaderReady()) {
                    return member;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no leader within 30 s: " + events);
    }

    int indexOf(ClusterMember member) {
        for (int i = 0; i < members.length; i++) {
            if (members[i] == member) {
                return i;
            }
        }
        return -1;
    }

    /** Stops every member at once (one by one, the last ones would log each other's going). */
    @Override
    public void close() {
        java.util.stream.IntStream.range(0, members.length).parallel().filter(i -> members[i] != null).forEach(this::stop);
    }
}
