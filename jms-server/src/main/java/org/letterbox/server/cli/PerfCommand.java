package org.letterbox.server.cli;

import jakarta.jms.ConnectionFactory;
import org.letterbox.jms.LetterboxConnectionFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code letterbox perf}: a load generator and benchmark against a running broker, through the public JMS
 * API only. Consumers subscribe first, then producers send {@code --count} messages in total; after an
 * optional warm-up round on the same destination it prints throughput and end-to-end latency percentiles,
 * then verifies that every message arrived exactly once per subscription (exit code 1 if not).
 */
@Command(name = "perf",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Benchmark a running broker with the JMS client and verify no message is lost or duplicated.",
                "Progress goes to stderr once a second, the report to stdout. Latency is end to end (send call to "
                        + "receive), so it includes any backlog when producers outrun consumers."})
final class PerfCommand implements Callable<Integer> {

    /** Warm-up default: this share of --count, at most {@link #MAX_DEFAULT_WARMUP}. */
    static final int DEFAULT_WARMUP_PERCENT = 10;
    static final int MAX_DEFAULT_WARMUP = 20_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "tcp://127.0.0.1:61616",
            description = "Broker URL (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--destination", paramLabel = "NAME", defaultValue = "perf",
            description = "Queue (or topic) name (default: ${DEFAULT-VALUE}).")
    String destination;

    @Option(names = "--topic", description = "Use a topic: each consumer is its own subscription and gets every message.")
    boolean topic;

    @Option(names = "--producers", paramLabel = "N", defaultValue = "1", description = "Producers (default: ${DEFAULT-VALUE}).")
    int producers;

    @Option(names = "--consumers", paramLabel = "M", defaultValue = "1", description = "Consumers (default: ${DEFAULT-VALUE}).")
    int consumers;

    @Option(names = "--count", paramLabel = "N", defaultValue = "100000",
            description = "Messages sent in total by all producers (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "1024",
            description = "BytesMessage body size (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--persistent", description = "Send persistent messages (default: non-persistent).")
    boolean persistent;

    @Option(names = "--async", description = "Send with a CompletionListener instead of blocking.")
    boolean async;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "1000",
            description = "With --async: outstanding sends per producer (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--transacted-batch", paramLabel = "N", defaultValue = "0",
            description = "Transacted sessions committing every N messages, for producers and consumers (default: 0 = off).")
    int transactedBatch;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Messages sent and received before measuring (default: 10%% of --count, at most 20000).")
    Integer warmup;

    @Option(names = "--user", paramLabel = "NAME", description = "User name to connect with.")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Password to connect with.")
    String password;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Fail when no message is sent or received for this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--restart-benchmark", paramLabel = "DIR",
            description = "Instead of a run against --url: fill an embedded broker's journal in DIR with --count "
                    + "persistent messages of --size bytes nobody consumes, restart it and print how long the restart "
                    + "took until it was listening, as a new process (when run from the jar) and in this JVM "
                    + "(e.g. --count 1000000 --size 1024).")
    Path restartBenchmark;

    @Override
    public Integer call() throws Exception {
        if (restartBenchmark != null) {
            atLeast("--count", count, 1);
            return RestartBenchmark.run(restartBenchmark, destination.strip(), count, size, Math.max(1, maxInFlight),
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        PerfPlan plan = plan();
        ConnectionFactory factory = connectionFactory();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        int warmupCount = warmupCount();
        if (warmupCount > 0) {
            PerfReport warm = new PerfRound(plan, factory, warmupCount, "warm-up: ", err).run();
            if (!warm.verified()) {
                out.println("warm-up round failed");
                warm.print(out);
                return 1;
            }
            err.printf(Locale.ROOT, "warm-up: %d messages in %.3f s, verified%n", warmupCount, warm.receiveNanos() / 1e9);
            err.flush();
        }
        PerfReport report = new PerfRound(plan, factory, count, "", err).run();
        report.print(out);
        return report.verified() ? 0 : 1;
    }

    /** The checked options; a bad combination is a usage error (exit code 2). */
    PerfPlan plan() {
        atLeast("--producers", producers, 1);
        atLeast("--consumers", consumers, 1);
        atLeast("--count", count, 1);
        atLeast("--size", size, 0);
        atLeast("--max-in-flight", maxInFlight, 1);
        atLeast("--transacted-batch", transactedBatch, 0);
        atLeast("--timeout", timeoutSeconds, 1);
        if (warmup != null) {
            atLeast("--warmup", warmup, 0);
        }
        if (destination.isBlank()) {
            throw usage("Invalid value for option '--destination': the name must not be empty");
        }
        if (password != null && user == null) {
            throw usage("--password needs --user");
        }
        return new PerfPlan(url, destination.strip(), topic, producers, consumers, size, persistent, async,
                maxInFlight, transactedBatch, user, password, Duration.ofSeconds(timeoutSeconds));
    }

    int warmupCount() {
        return warmup != null ? warmup : Math.min(count / (100 / DEFAULT_WARMUP_PERCENT), MAX_DEFAULT_WARMUP);
    }

    private ConnectionFactory connectionFactory() {
        try {
            return new LetterboxConnectionFactory(url);
        } catch (IllegalArgumentException e) {
            throw usage("Invalid value for option '--url': " + e.getMessage());
        }
    }

    private void atLeast(String option, int value, int min) {
        if (value < min) {
            throw usage("Invalid value for option '" + option + "': must be at least " + min + " but was " + value);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
