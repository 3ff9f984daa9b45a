package org.letterbox.server.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.server.testsupport.BrokerProcess;
import org.letterbox.server.store.crash.AcknowledgedDelivery;
import org.letterbox.server.store.crash.ClientThreads;
import org.letterbox.server.store.crash.CrashWorkload;
import org.letterbox.server.store.crash.TransactedForward;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker process ({@code java -jar letterbox-server.jar run}, Chronicle store, fsync=batch) is killed with
 * SIGKILL at random points while clients work against it, then started again on the same data directory.
 * Side by side, across the same kills:
 * <ul>
 * <li>a queue with a synchronous and an asynchronous (CompletionListener) producer and a CLIENT_ACKNOWLEDGE
 * consumer, and the same on a durable topic subscription with a client ID ({@link AcknowledgedDelivery}): every
 * confirmed send is delivered, no acknowledged message comes back, one seen before a kill comes back flagged
 * JMSRedelivered;</li>
 * <li>a transacted session that consumes from one queue and sends to another in each transaction
 * ({@link TransactedForward}): a committed transaction's sends are delivered exactly once and its consumed
 * messages never come back; one the kill cut is wholly in or wholly out, and both queues agree which.</li>
 * </ul>
 * A last, clean run drains what is left. The figures (kills, sent, confirmed, delivered, in doubt) are printed.
 *
 * <p>20 kill points with the default hourly journal file by default (CI). The {@code crash-long} profile runs 200,
 * with a journal that rolls every second, so kills also land on file rolls and deletions
 * ({@code -Dletterbox.crash.kills=N}, {@code -Dletterbox.crash.rollCycle=CYCLE}); {@code -Dletterbox.crash.seed=S}
 * repeats a run's kill timing. Needs the shaded jar, so it runs under failsafe.
 */
@EnabledIfSystemProperty(named = "letterbox.it", matches = "true",
        disabledReason = "needs the shaded jar: runs under failsafe (mvn verify)")
class CrashRecoveryIT {
    @TempDir
    Path dir;

    private BrokerProcess broker;

    @AfterEach
    void kill() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void confirmedWorkSurvivesSigkillAndAcknowledgedWorkNeverReturns() throws Exception {
        int kills = Integer.getInteger("letterbox.crash.kills", 20);
        long seed = Long.getLong("letterbox.crash.seed", System.nanoTime());
        String rollCycle = System.getProperty("letterbox.crash.rollCycle", "FAST_HOURLY");
        Random random = new Random(seed);
        // C1 only and a small heap: the broker starts quicker, and each run lives about a second
        broker = new BrokerProcess(dir, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                List.of("--fsync", "batch", "--journal-roll-cycle", rollCycle));
        List<CrashWorkload> workloads = List.of(
                AcknowledgedDelivery.queue("crash"),
                AcknowledgedDelivery.durableTopic("crash.topic", "crash-durable", "crash-subscription"),
                new TransactedForward("crash.tx.in", "crash.tx.out"));
        List<String> violations = new ArrayList<>();
        long started = System.nanoTime();
        long slowestStart = 0;

        for (int run = 0; run < kills; run++) {
            long starting = System.nanoTime();
            String url = broker.start();
            slowestStart = Math.max(slowestStart, System.nanoTime() - starting);
            ClientThreads clients = new ClientThreads();
            for (CrashWorkload workload : workloads) {
                workload.start(url, clients);
            }
            Thread.sleep(200 + random.nextInt(800));
            clients.brokerKilled();
            broker.kill(); // SIGKILL
            clients.stop();
            for (String failure : clients.failures()) {
                violations.add("run " + run + ": " + failure);
            }
        }

        String url = broker.start(); // a last, clean run: drain what is left
        for (CrashWorkload workload : workloads) {
            workload.drain(url);
        }
        broker.stop();

        System.out.printf("crash test: %d kills (seed %d, journal roll cycle %s) in %.1f s; slowest restart to "
                + "listening %d ms; %d journal files left%n", kills, seed, rollCycle, (System.nanoTime() - started) / 1e9,
                slowestStart / 1_000_000, journalFiles());
        for (CrashWorkload workload : workloads) {
            System.out.println("  " + workload.figures());
            violations.addAll(workload.violations());
        }
        assertEquals(List.of(), violations);
        for (CrashWorkload workload : workloads) {
            assertTrue(workload.confirmed() > kills, "got sends confirmed between the kills: " + workload.figures());
        }
    }

    private long journalFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("data").resolve("journal"))) {
            return files.filter(f -> f.toString().endsWith(".cq4")).count();
        }
    }
}
