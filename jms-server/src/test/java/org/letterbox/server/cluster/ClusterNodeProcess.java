package org.letterbox.server.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster node as its own process ({@code java -jar letterbox-server.jar run --node-id ... --cluster ...}), for
 * fault tests that kill it for real. Its stdout lines (started, leads, stopped serving, follows) are kept.
 */
final class ClusterNodeProcess implements AutoCloseable {
    private final Path dir;
    private final String nodeId;
    private final String cluster;
    private final int jmsPort;
    private final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    private Process process;
    private int starts;

    ClusterNodeProcess(Path dir, String nodeId, String cluster, int jmsPort) {
        this.dir = dir;
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.jmsPort = jmsPort;
    }

    /** Starts the node and returns once its Raft member runs (it prints that line first). */
    void start() throws IOException {
        String jar = System.getProperty("letterbox.server.jar");
        assertNotNull(jar, "system property letterbox.server.jar");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar, "run", "--node-id", nodeId, "--cluster", cluster, "--port", Integer.toString(jmsPort),
                "--data", dir.resolve(nodeId).toString());
        process = new ProcessBuilder(command)
                .redirectError(dir.resolve(nodeId + "-stderr-" + starts++ + ".txt").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertTrue(first != null && first.startsWith("Letterbox cluster node started: " + nodeId), String.valueOf(first));
        lines.add(first);
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, nodeId + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Whether, by its last role line, this node serves clients now. */
    boolean serving() {
        if (!isAlive()) {
            return false;
        }
        synchronized (lines) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i);
                if (line.contains(" leads (term ")) {
                    return true;
                }
                if (line.contains(" stopped serving") || line.startsWith("Letterbox cluster node started")) {
                    return false;
                }
            }
        }
        return false;
    }

    /** SIGKILL: no shutdown hook, nothing flushed; returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), nodeId + " is gone");
    }

    String nodeId() {
        return nodeId;
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        if (isAlive()) {
            process.destroyForcibly();
        }
    }
}
