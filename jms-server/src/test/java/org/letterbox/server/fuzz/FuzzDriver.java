package org.letterbox.server.fuzz;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Plays fuzz connections #0, #1, ... of a seed against the broker, at most {@code concurrency} at a time, until the
 * run's time or connection budget is spent (a burst of sockets counts as one connection) or the broker is gone. Each gets a deadline (its sockets are closed then, ending any blocked
 * write). Writes one journal line per connection (number, scenario, seed, what it sent and got) to replay from.
 */
final class FuzzDriver {
    /** Longest a fuzz connection lives: enough for the handshake-timeout check of a SILENT one. */
    private static final long MAX_LIFETIME_MILLIS = 20_000;

    private final FuzzSettings settings;
    private final InetSocketAddress broker;
    private final Findings findings;
    private final ScenarioStats stats = new ScenarioStats();
    private final List<String> harnessErrors = Collections.synchronizedList(new ArrayList<>());

    FuzzDriver(FuzzSettings settings, InetSocketAddress broker, Findings findings) {
        this.settings = settings;
        this.broker = broker;
        this.findings = findings;
    }

    ScenarioStats stats() {
        return stats;
    }

    /** Failures of the harness itself (not of the broker): a bug in the test. */
    List<String> harnessErrors() {
        return harnessErrors;
    }

    /** Plays connections until the time or connection budget is spent, or the broker is gone ({@code brokerAlive}). */
    void run(java.util.function.BooleanSupplier brokerAlive) throws IOException, InterruptedException {
        long runEnd = System.nanoTime() + settings.duration().toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency(), daemon("fuzz-connection"));
        ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(daemon("fuzz-deadline"));
        Semaphore slots = new Semaphore(settings.concurrency());
        Files.createDirectories(settings.dir());
        try (PrintWriter journal = new PrintWriter(Files.newBufferedWriter(settings.dir().resolve("connections.txt")), true)) {
            journal.println("# seed " + settings.seed() + ": index scenario seed start-ms millis sockets bytes-sent frames-in");
            long started = System.nanoTime();
            int played = 0;
            for (int index = 0; System.nanoTime() - runEnd < 0 && played < settings.maxConnections() && brokerAlive.getAsBoolean();
                 index++) {
                if (!settings.only().isEmpty() && !settings.only().contains(index)) {
                    if (index > settings.only().stream().mapToInt(i -> i).max().orElse(0)) {
                        break;
                    }
                    continue;
                }
                ConnectionSpec spec = ConnectionSpec.of(settings.seed(), index);
                played++;
                slots.acquire();
                long deadline = Math.min(System.nanoTime() + MAX_LIFETIME_MILLIS * 1_000_000, runEnd);
                FuzzContext context = new FuzzContext(spec, settings, broker, findings, deadline);
                deadlines.schedule(context::closeAll, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                pool.execute(() -> {
                    long start = System.nanoTime();
                    try {
                        play(context);
                    } finally {
                        stats.add(spec.scenario(), context.connectionsOpened(), context.bytesSent(), context.framesReceived());
                        journal.printf("%d %s %d %d %d %d %d %d%n", spec.index(), spec.scenario(), spec.seed(),
                                (start - started) / 1_000_000, (System.nanoTime() - start) / 1_000_000,
                                context.connectionsOpened(), context.bytesSent(), context.framesReceived());
                        slots.release();
                    }
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination(MAX_LIFETIME_MILLIS + 15_000, TimeUnit.MILLISECONDS)) {
                harnessErrors.add("fuzz connections still running 35 s after the run ended");
                pool.shutdownNow();
            }
        } finally {
            deadlines.shutdownNow();
        }
    }

    private void play(FuzzContext context) {
        try {
            try {
                context.spec.scenario().play(context);
            } catch (IOException expected) {
                // the broker closed the connection, or the deadline did: both are normal ends of a fuzz connection
            }
            context.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            harnessErrors.add(context.spec + ": " + e);
            e.printStackTrace();
        } finally {
            context.closeAll();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
