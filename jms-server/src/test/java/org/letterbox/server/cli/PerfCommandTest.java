package org.letterbox.server.cli;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code letterbox perf} options and report, without a broker. */
class PerfCommandTest {

    private static PerfCommand parse(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "perf";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult parsed = LetterboxCli.commandLine().parseArgs(all);
        return (PerfCommand) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void defaults() {
        PerfCommand perf = parse();
        PerfPlan plan = perf.plan();
        assertEquals("tcp://127.0.0.1:61616", plan.url());
        assertEquals("perf", plan.destination());
        assertFalse(plan.topic());
        assertEquals(1, plan.producers());
        assertEquals(1, plan.consumers());
        assertEquals(1024, plan.size());
        assertFalse(plan.persistent());
        assertFalse(plan.async());
        assertEquals(1000, plan.maxInFlight());
        assertEquals(0, plan.transactedBatch());
        assertEquals(Duration.ofSeconds(30), plan.stallTimeout());
        assertEquals(100_000, perf.count);
        assertEquals(10_000, perf.warmupCount());
    }

    @Test
    void warmupIsTenPercentCappedAt20000UnlessGiven() {
        assertEquals(200, parse("--count", "2000").warmupCount());
        assertEquals(20_000, parse("--count", "1000000").warmupCount());
        assertEquals(0, parse("--count", "5").warmupCount());
        assertEquals(0, parse("--warmup", "0").warmupCount());
        assertEquals(7, parse("--warmup", "7").warmupCount());
    }

    @Test
    void messagesAreSplitAcrossProducersAndTopicsMultiplyDeliveries() {
        PerfPlan plan = parse("--producers", "3", "--consumers", "2", "--topic").plan();
        assertArrayEquals(new int[] {4, 3, 3}, plan.shares(10));
        assertEquals(20, plan.expectedDeliveries(10));
        assertEquals(10, parse("--consumers", "2").plan().expectedDeliveries(10), "a queue delivers each message once");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertUsageError("--consumers", "perf", "--consumers", "0");
        assertUsageError("--producers", "perf", "--producers", "-1");
        assertUsageError("--count", "perf", "--count", "0");
        assertUsageError("--max-in-flight", "perf", "--max-in-flight", "0");
        assertUsageError("--password", "perf", "--password", "secret");
        assertUsageError("--url", "perf", "--url", "http://localhost:61616");
        assertUsageError("--count", "perf", "--count", "many");
    }

    private static void assertUsageError(String mentioned, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains(mentioned), run.toString());
        assertTrue(run.out().isEmpty(), run.toString());
    }

    private static PerfReport report(PerfPlan plan, long lost, long duplicates, String failure) {
        Histogram latency = new Histogram(PerfConsumer.HIGHEST_LATENCY, 3);
        latency.recordValue(150_000);
        latency.recordValue(250_000);
        return new PerfReport(plan, 1000, 1000, 2000 - lost + duplicates, plan.expectedDeliveries(1000),
                500_000_000L, 1_000_000_000L, latency, lost, duplicates, 0, 0, 0, lost > 0 ? "producer 0 seq 3" : "",
                failure);
    }

    @Test
    void reportPrintsFiguresAndTheVerdict() {
        PerfPlan plan = parse("--topic", "--consumers", "2", "--size", "1024").plan();
        StringWriter text = new StringWriter();
        PerfReport ok = report(plan, 0, 0, null);
        assertTrue(ok.verified());
        ok.print(new PrintWriter(text));
        String out = text.toString();
        assertTrue(out.contains("messages sent:       1000"), out);
        assertTrue(out.contains("send throughput:     2000 msg/s"), out);
        assertTrue(out.contains("receive throughput:  2000 msg/s"), out);
        assertTrue(out.contains("receive bandwidth:   1.95 MiB/s"), out);
        assertTrue(out.contains("p50 150.0"), out);
        assertTrue(out.contains("max 250.1") || out.contains("max 250.0"), out);
        assertTrue(out.contains("verified: 2000 messages, 0 lost, 0 duplicates"), out);
    }

    @Test
    void lossOrDuplicatesFailTheVerdict() {
        PerfPlan plan = parse().plan();
        PerfReport bad = report(plan, 2, 1, null);
        assertFalse(bad.verified());
        assertEquals("verification FAILED: 1000 messages, 2 lost, 1 duplicates", bad.verdict());
        PerfReport stalled = report(plan, 0, 0, "timed out");
        assertFalse(stalled.verified());
    }
}
