package org.letterbox.server.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.letterbox.server.LetterboxBroker;
import picocli.CommandLine;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code letterbox perf} in-process against an embedded broker over TCP: small runs that must verify
 * (every message exactly once per subscription). Runs under failsafe ({@code letterbox.it}).
 */
@EnabledIfSystemProperty(named = "letterbox.it", matches = "true", disabledReason = "integration test: runs under failsafe")
@Timeout(120)
class PerfSmokeIT {
    private static LetterboxBroker broker;
    private static Path data;

    @BeforeAll
    static void startBroker() throws Exception {
        data = Files.createTempDirectory("letterbox-perf-it");
        broker = LetterboxBroker.builder().port(0).dataDirectory(data).start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
        Files.deleteIfExists(data);
    }

    private static CliRun perf(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "perf";
        all[1] = "--url";
        all[2] = broker.tcpUrl();
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.execute(new CommandLine(new LetterboxCli()), all);
    }

    @Test
    void queueOneProducerOneConsumer() {
        CliRun run = perf("--destination", "perf.it.queue", "--count", "2000", "--size", "256");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("verified: 2000 messages, 0 lost, 0 duplicates"), run.toString());
        assertTrue(run.out().contains("latency (us):"), run.toString());
        assertEquals(0, broker.queueDepth("perf.it.queue"), "the queue is drained");
    }

    @Test
    void topicOneProducerTwoSubscriptions() {
        CliRun run = perf("--destination", "perf.it.topic", "--topic", "--consumers", "2", "--count", "2000",
                "--size", "256");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("verified: 4000 messages, 0 lost, 0 duplicates"), run.toString());
    }

    @Test
    void queueTwoProducersTwoConsumersAsyncTransactedPersistent() {
        CliRun run = perf("--destination", "perf.it.tx", "--producers", "2", "--consumers", "2", "--count", "2000",
                "--size", "256", "--async", "--max-in-flight", "50", "--transacted-batch", "64", "--persistent");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("verified: 2000 messages, 0 lost, 0 duplicates"), run.toString());
    }

    @Test
    void anUndeclaredDestinationOnABrokerWithoutAutoCreateIsAOneLineFailure() throws Exception {
        try (LetterboxBroker strict = LetterboxBroker.builder().port(0).dataDirectory(data)
                .autoCreateDestinations(false).start()) {
            CliRun run = CliRun.execute(LetterboxCli.commandLine(), "perf", "--url", strict.tcpUrl(),
                    "--destination", "not.declared", "--count", "10", "--warmup", "0");
            assertEquals(1, run.exitCode(), run.toString());
            assertEquals(1, run.errLines(), run.toString());
            assertTrue(run.err().startsWith("letterbox perf: consumer 0 could not start: "), run.toString());
        }
    }

    @Test
    void anUnreachableBrokerIsAOneLineFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliRun run = CliRun.execute(LetterboxCli.commandLine(), "perf", "--url", "tcp://127.0.0.1:" + closedPort,
                "--count", "10", "--warmup", "0");
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(1, run.errLines(), run.toString());
        assertTrue(run.err().startsWith("letterbox perf: "), run.toString());
    }
}
