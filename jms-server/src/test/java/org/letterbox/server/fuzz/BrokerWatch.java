package org.letterbox.server.fuzz;

import org.letterbox.server.testsupport.BrokerProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the broker process while the fuzz runs: every second its thread count and resident memory (from outside,
 * in /proc), every five seconds a {@link FreshConnectionProbe} and a class histogram of its heap (with {@code jcmd},
 * which collects it fully first, so its GC log shows the live heap, see {@link GcLog}). Keeps the peaks and what went wrong, with the time it happened.
 */
final class BrokerWatch implements AutoCloseable {
    /** A log this large is a storm whatever the run's budget: the run stops rather than fill the disk. */
    static final long LOG_STORM_BYTES = 512L << 20;

    private final BrokerProcess broker;
    private final FreshConnectionProbe probe;
    private final Path dir;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "fuzz-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private volatile ProcessStatus baseline;
    private volatile int maxThreads;
    private volatile long maxRssKb;
    private volatile boolean diedReported;
    private volatile int probesRun;
    private volatile boolean logStorm;
    private long maxHistogramBytes;

    BrokerWatch(BrokerProcess broker, FreshConnectionProbe probe, Path dir) {
        this.broker = broker;
        this.probe = probe;
        this.dir = dir;
    }

    /** Takes the baseline now (the broker started, the bystander connected), then samples and probes periodically. */
    void start() {
        baseline = ProcessStatus.of(broker.pid());
        timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::probe, 5, 5, TimeUnit.SECONDS);
    }

    /** Samples now (also every second): a run shorter than a second still has its peaks. */
    void sample() {
        ProcessStatus status = ProcessStatus.of(broker.pid());
        if (status == null || !broker.isAlive()) {
            if (!diedReported) {
                diedReported = true;
                problem("the broker process is gone");
            }
            return;
        }
        try {
            if (!logStorm && logBytes() > LOG_STORM_BYTES) {
                logStorm = true; // the log check fails anyway; stop before the storm fills the disk
            }
        } catch (IOException ignored) {
            // no log file yet
        }
        maxThreads = Math.max(maxThreads, status.threads());
        maxRssKb = Math.max(maxRssKb, status.rssKb());
    }

    private void probe() {
        if (!broker.isAlive()) {
            return;
        }
        probesRun++;
        fullGc();
        String failure = probe.probe(5000);
        if (failure != null) {
            problem("probe: " + failure);
        }
    }

    /**
     * {@code jcmd PID GC.class_histogram}: a full collection in the broker (so its GC log shows the live heap), and
     * what the live heap is made of, kept in {@code heap-histogram.txt} (the latest) and {@code heap-histogram-max.txt}
     * (the largest): when the broker runs out of heap, they tell what filled it.
     */
    private void fullGc() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return; // a JRE without jcmd: the GC log's young collections still bound the heap from above
        }
        try {
            Path latest = dir.resolve("heap-histogram.txt");
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(broker.pid()), "GC.class_histogram")
                    .redirectErrorStream(true).redirectOutput(latest.toFile()).start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return;
            }
            long total = histogramTotalBytes(latest);
            if (total > maxHistogramBytes) {
                maxHistogramBytes = total;
                Files.copy(latest, dir.resolve("heap-histogram-max.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // the broker went away meanwhile: the sampler reports that
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The bytes on the histogram's {@code Total} line, 0 if there is none. */
    private static long histogramTotalBytes(Path histogram) throws IOException {
        for (String line : Files.readAllLines(histogram)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && fields[0].equals("Total")) {
                return Long.parseLong(fields[2]);
            }
        }
        return 0;
    }

    private void problem(String what) {
        if (problems.size() < 30) {
            problems.add(String.format("t=%.1fs %s", (System.nanoTime() - startNanos) / 1e9, what));
        }
    }

    /** Whether the broker's log grew so large that the run should stop (see {@link #LOG_STORM_BYTES}). */
    boolean logStorm() {
        return logStorm;
    }

    ProcessStatus baseline() {
        return baseline;
    }

    int maxThreads() {
        return maxThreads;
    }

    long maxRssKb() {
        return maxRssKb;
    }

    int probesRun() {
        return probesRun;
    }

    long logBytes() throws IOException {
        return Files.exists(broker.stderrFile()) ? Files.size(broker.stderrFile()) : 0;
    }

    List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
