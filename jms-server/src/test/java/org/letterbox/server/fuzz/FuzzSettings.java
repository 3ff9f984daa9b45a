package org.letterbox.server.fuzz;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one fuzz run does and what it tolerates, from system properties (the pom passes them to failsafe):
 * <ul>
 * <li>{@code letterbox.fuzz.seed}: replays a run (blank: a new seed, printed);</li>
 * <li>{@code letterbox.fuzz.seconds}: how long fuzz connections are started (CI 25, {@code -Pfuzz-long} 600);</li>
 * <li>{@code letterbox.fuzz.connections}: at most this many fuzz connections (default 12 per second);</li>
 * <li>{@code letterbox.fuzz.concurrency}: fuzz connections open at once (default 12);</li>
 * <li>{@code letterbox.fuzz.only}: comma-separated connection numbers: replay just those of the seed;</li>
 * <li>{@code letterbox.fuzz.dir}: where the broker's log, GC log, connection journal and report go.</li>
 * </ul>
 */
record FuzzSettings(long seed, Duration duration, int maxConnections, int concurrency, Set<Integer> only, Path dir,
                    int heapMb, long maxLatencyMillis, int handshakeTimeoutSeconds) {

    /** The broker runs with {@code --max-frame-size} this (1 MiB), so frames at and past it are cheap to send. */
    static final int MAX_FRAME_SIZE = 1 << 20;

    static FuzzSettings fromSystemProperties() {
        String seedText = System.getProperty("letterbox.fuzz.seed", "").trim();
        long seed = seedText.isEmpty() ? System.nanoTime() : Long.parseLong(seedText);
        int seconds = intProperty("letterbox.fuzz.seconds", 25);
        String onlyText = System.getProperty("letterbox.fuzz.only", "").trim();
        Set<Integer> only = onlyText.isEmpty() ? Set.of()
                : Arrays.stream(onlyText.split(",")).map(String::trim).map(Integer::valueOf).collect(Collectors.toSet());
        String dirText = System.getProperty("letterbox.fuzz.dir", "").trim();
        Path dir = (dirText.isEmpty() ? Path.of("target", "fuzz") : Path.of(dirText)).resolve("seed-" + seed);
        return new FuzzSettings(seed, Duration.ofSeconds(seconds), intProperty("letterbox.fuzz.connections", 12 * seconds),
                intProperty("letterbox.fuzz.concurrency", 12), only, dir, intProperty("letterbox.fuzz.heapMb", 128),
                intProperty("letterbox.fuzz.maxLatencyMillis", 5000), intProperty("letterbox.fuzz.handshakeTimeoutSeconds", 10));
    }

    private static int intProperty(String name, int fallback) {
        String text = System.getProperty(name, "").trim();
        return text.isEmpty() ? fallback : Integer.parseInt(text);
    }

    /** Bytes the broker may log over the run: a line or two for each refused connection is fine, a storm is not. */
    long logBudgetBytes() {
        return 512 * 1024 + 2048L * maxConnections;
    }

    /** Live heap after a GC above this means the broker is heading for its -Xmx. */
    long heapBoundMb() {
        return heapMb * 3L / 4;
    }
}
