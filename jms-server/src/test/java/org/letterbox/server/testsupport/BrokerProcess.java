package org.letterbox.server.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The broker as a user runs it, in its own process: {@code java [jvmOptions] -jar letterbox-server.jar run
 * --port 0 --data DIR [runOptions]}, started again on the same data directory as often as a test likes,
 * stopped with SIGKILL ({@link #kill()}) or SIGTERM ({@link #stop()}). Each start's stderr goes to its own
 * file in {@code dir}. Needs the shaded jar ({@code letterbox.server.jar}), so its tests run under failsafe.
 */
public final class BrokerProcess implements AutoCloseable {
    /** Started brokers still running when the test JVM exits (a test that timed out) are killed then. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "broker-reaper"));
    }

    private static final Pattern LISTENING = Pattern.compile("^Letterbox broker listening on (tcp://\\S+)");

    private final Path dir;
    private final List<String> jvmOptions;
    private final List<String> runOptions;
    private Process process;
    private Path stderr;
    private int starts;

    /** @param dir where the data directory ({@code dir/data}) and the stderr files go */
    public BrokerProcess(Path dir, List<String> jvmOptions, List<String> runOptions) {
        this.dir = dir;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.runOptions = List.copyOf(runOptions);
    }

    /** Starts the broker and returns its URL once it listens (it prints that line first). */
    public String start() throws IOException {
        assertTrue(process == null || !process.isAlive(), "the broker still runs");
        String jar = System.getProperty("letterbox.server.jar");
        assertNotNull(jar, "system property letterbox.server.jar");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar, "run", "--port", "0", "--data", dir.resolve("data").toString()));
        command.addAll(runOptions);
        stderr = dir.resolve("stderr-" + starts++ + ".txt");
        process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            fail("the broker (start " + (starts - 1) + ") exited before listening: " + stderrTail());
        }
        Matcher m = LISTENING.matcher(line);
        assertTrue(m.find(), line);
        return m.group(1);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The operating-system process id of the current (or last) start. */
    public long pid() {
        return process.pid();
    }

    /** The file the current (or last) start's stderr goes to, or null before the first start. */
    public Path stderrFile() {
        return stderr;
    }

    /** The exit code of a broker that has exited. */
    public int exitValue() {
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no last fsync; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the killed broker is gone");
    }

    /** SIGTERM: the broker stops cleanly. */
    public void stop() throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the broker stopped on SIGTERM");
    }

    /** What the current (or last) start wrote to stderr. */
    public String stderr() throws IOException {
        return stderr != null && Files.exists(stderr) ? Files.readString(stderr) : "";
    }

    /** The last 4000 bytes of {@link #stderr()}, read without loading the whole file (it may be large). */
    public String stderrTail() throws IOException {
        if (stderr == null || !Files.exists(stderr)) {
            return "";
        }
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(stderr.toFile(), "r")) {
            long from = Math.max(0, file.length() - 4000);
            byte[] tail = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(tail);
            return new String(tail, StandardCharsets.UTF_8);
        }
    }

    /** Kills what still runs (a failed test). */
    @Override
    public void close() {
        if (isAlive()) {
            process.destroyForcibly();
        }
    }
}
