package org.letterbox.server.fuzz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.letterbox.server.testsupport.BrokerProcess;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Frame fuzzing of the runnable broker: hundreds of connections, a dozen at a time, send it frames made with the
 * protocol's own codec and then broken (see {@link Scenario} for what each kind of connection does), while a
 * well-behaved JMS client ({@link Bystander}) sends and receives beside them. The broker runs as a user runs it,
 * with a small heap that an OutOfMemoryError ends. At the end (and, for liveness, every few seconds) the broker
 * must still be alive and serving new connections, the bystander must have seen nothing wrong, the broker's
 * heap, threads, resident memory and log must have stayed bounded, its log free of stack traces, and every fuzz
 * connection must have been answered as the protocol says. Every failed check is reported, not just the first.
 *
 * <p>A run is reproducible from its printed seed ({@code -Dletterbox.fuzz.seed=S}); one connection of it replays
 * alone with {@code -Dletterbox.fuzz.only=N} (the journal {@code connections.txt} lists them). {@code -Pfuzz-long}
 * runs it for 10 minutes; see {@link FuzzSettings} for every knob.
 */
@EnabledIfSystemProperty(named = "letterbox.it", matches = "true",
        disabledReason = "needs the shaded jar: runs under failsafe (mvn verify)")
class FrameFuzzIT {
    private static final int MAX_THREAD_GROWTH = 10;
    private static final int EXIT_ON_OUT_OF_MEMORY = 3;
    private static final long MAX_RSS_MB = Long.getLong("letterbox.fuzz.maxRssMb", 512);

    @Test
    void brokerSurvivesMutatedFramesBesideAWellBehavedClient() throws Exception {
        FuzzSettings settings = FuzzSettings.fromSystemProperties();
        // a broker that hangs a close or a drain must fail the run, not hang the build
        assertTimeoutPreemptively(settings.duration().plusSeconds(150), () -> fuzz(settings));
    }

    private static void fuzz(FuzzSettings settings) throws Exception {
        ForkedBroker.emptyDirectory(settings.dir()); // a replayed seed starts from an empty journal, like the first run
        System.out.printf("frame fuzz: seed %d (replay with -Dletterbox.fuzz.seed=%d), %d s, up to %d connections, %d at"
                        + " once; broker log and journal in %s%n", settings.seed(), settings.seed(),
                settings.duration().toSeconds(), settings.maxConnections(), settings.concurrency(), settings.dir().toAbsolutePath());
        Path gcLog = settings.dir().resolve("gc.log");
        List<String> jvm = List.of("-Xmx" + settings.heapMb() + "m", "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog);
        List<String> run = List.of("--fsync", "never", "--max-frame-size", Integer.toString(FuzzSettings.MAX_FRAME_SIZE));
        long started = System.nanoTime();
        try (BrokerProcess broker = new BrokerProcess(settings.dir(), jvm, run)) {
            String url = broker.start();
            URI uri = URI.create(url);
            FreshConnectionProbe probe = new FreshConnectionProbe(url, "probe-" + settings.seed() + "-");
            Findings findings = new Findings();
            FuzzDriver driver = new FuzzDriver(settings, new InetSocketAddress(uri.getHost(), uri.getPort()), findings);
            Verdict verdict = new Verdict();
            try (Bystander bystander = new Bystander(url, "bystander-" + settings.seed(), settings.maxLatencyMillis());
                 BrokerWatch watch = new BrokerWatch(broker, probe, settings.dir())) {
                bystander.start();
                Thread.sleep(500);
                watch.start();
                driver.run(() -> broker.isAlive() && !watch.logStorm());
                bystander.stopAndDrain(10_000);
                String finalProbe = broker.isAlive() ? probe.probe(5000) : "the broker is not running";
                ProcessStatus end = ProcessStatus.of(broker.pid());
                watch.sample();
                watch.close();
                judgeLiveness(verdict, broker, watch, finalProbe);
                verdict.check("the well-behaved client is unaffected (no error, loss, duplicate or reordering; latency <= "
                        + settings.maxLatencyMillis() + " ms)", bystander.problems());
                verdict.check("every fuzz connection is answered as the protocol says", findings.describe());
                judgeResources(verdict, settings, watch, end, gcLog);
                verdict.note(bystander.summary());
                if (watch.logStorm()) {
                    verdict.note("the run stopped early: the broker's log passed " + (BrokerWatch.LOG_STORM_BYTES >> 20) + " MiB");
                }
            }
            boolean exitedOnOutOfMemory = !broker.isAlive() && broker.exitValue() == EXIT_ON_OUT_OF_MEMORY;
            String stopProblem = stop(broker);
            judgeLog(verdict, settings, broker, exitedOnOutOfMemory);
            verdict.check("the broker stops cleanly on SIGTERM", stopProblem == null, stopProblem == null ? "" : stopProblem);
            verdict.check("the fuzz harness itself ran without errors", driver.harnessErrors());
            String report = String.format("frame fuzz seed %d: %.1f s%n%s%s%n", settings.seed(),
                    (System.nanoTime() - started) / 1e9, driver.stats().table(), verdict.report());
            System.out.println(report);
            Files.writeString(settings.dir().resolve("report.txt"), report);
            if (!verdict.failures().isEmpty()) {
                fail(verdict.failures().size() + " fuzz check(s) failed (seed " + settings.seed() + "; replay with -Dletterbox.fuzz.seed="
                        + settings.seed() + "):\n  " + String.join("\n  ", verdict.failures()) + "\nbroker log tail:\n" + broker.stderrTail());
            }
        }
    }

    private static void judgeLiveness(Verdict verdict, BrokerProcess broker, BrokerWatch watch, String finalProbe) {
        List<String> problems = new ArrayList<>(watch.problems());
        if (finalProbe != null) {
            problems.add("at the end: " + finalProbe);
        }
        verdict.check("the broker stays alive", broker.isAlive(), broker.isAlive() ? "" : "it exited with "
                + exitCode(broker) + (exitCode(broker).equals("3") ? " (OutOfMemoryError)" : ""));
        verdict.check("a fresh connection is served throughout (" + watch.probesRun() + " probes) and at the end", problems);
    }

    private static void judgeResources(Verdict verdict, FuzzSettings settings, BrokerWatch watch, ProcessStatus end,
                                       Path gcLog) throws java.io.IOException {
        ProcessStatus baseline = watch.baseline();
        GcLog gc = GcLog.read(gcLog);
        verdict.check("its live heap stays below " + settings.heapBoundMb() + " MiB of " + settings.heapMb() + " MiB",
                gc.maxLiveMb() <= settings.heapBoundMb(), String.format("max live %d MiB (after a full GC; after a young"
                        + " one %d MiB) over %d collections (%d full)", gc.maxLiveMb(), gc.maxAfterYoungMb(),
                        gc.collections(), gc.fullCollections()));
        if (baseline != null) {
            int threadLimit = baseline.threads() + MAX_THREAD_GROWTH;
            verdict.check("its thread count stays within " + threadLimit + " (baseline " + baseline.threads() + " + "
                    + MAX_THREAD_GROWTH + ")", watch.maxThreads() <= threadLimit, "max " + watch.maxThreads()
                    + ", at the end " + (end == null ? "?" : end.threads()));
        }
        verdict.check("its resident memory stays below " + MAX_RSS_MB + " MiB", watch.maxRssKb() / 1024 <= MAX_RSS_MB,
                "max " + watch.maxRssKb() / 1024 + " MiB, baseline " + (baseline == null ? "?" : baseline.rssKb() / 1024)
                        + " MiB, at the end " + (end == null ? "?" : end.rssKb() / 1024) + " MiB");
    }

    private static void judgeLog(Verdict verdict, FuzzSettings settings, BrokerProcess broker, boolean exitedOnOutOfMemory)
            throws java.io.IOException {
        BrokerLog log = BrokerLog.read(broker.stderrFile());
        String summary = String.format("%d bytes, %d lines, %d WARN/ERROR; most frequent:%n    %s", log.bytes(), log.lines(),
                log.warnings(), String.join("\n    ", BrokerLog.top(log.messages(), 6)));
        verdict.check("its log stays within " + settings.logBudgetBytes() + " bytes", log.bytes() <= settings.logBudgetBytes(), summary);
        verdict.check("its log has no stack trace (no exception escaped to a catch-all)", log.stackTraces() == 0,
                log.stackTraces() + " stack traces:\n    " + String.join("\n    ", BrokerLog.top(log.exceptions(), 8)));
        boolean logged = log.exceptions().keySet().stream().anyMatch(e -> e.contains("OutOfMemory"))
                || log.messages().keySet().stream().anyMatch(m -> m.contains("OutOfMemory"));
        verdict.check("it never ran out of memory (heap or direct)", !logged && !exitedOnOutOfMemory,
                exitedOnOutOfMemory ? "it exited with code 3 (-XX:+ExitOnOutOfMemoryError)" : logged ? "its log has an OutOfMemoryError" : "");
    }

    /** SIGTERM and wait; null if the broker stopped (or was already gone), else why not. */
    private static String stop(BrokerProcess broker) {
        if (!broker.isAlive()) {
            return null;
        }
        try {
            broker.stop();
            return null;
        } catch (AssertionError | InterruptedException e) {
            return e.getMessage();
        }
    }

    private static String exitCode(BrokerProcess broker) {
        try {
            return broker.isAlive() ? "?" : Integer.toString(broker.exitValue());
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
