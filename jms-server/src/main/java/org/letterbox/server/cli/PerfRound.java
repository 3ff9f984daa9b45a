package org.letterbox.server.cli;

import jakarta.jms.ConnectionFactory;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One round of a perf run (the warm-up, then the measured one): starts the consumers (subscribed before
 * anything is sent), then the producers behind a common start gate, watches progress until every expected
 * delivery arrived, everything stalled for the plan's timeout, or something failed, and returns the
 * {@link PerfReport}.
 */
final class PerfRound {
    private static final long SETUP_TIMEOUT_SECONDS = 60;
    /** How long consumers keep listening after the last expected delivery, to catch late duplicates. */
    private static final long SETTLE_MILLIS = 200;

    private final PerfPlan plan;
    private final ConnectionFactory factory;
    private final int count;
    private final String progressPrefix;
    private final PrintWriter progress;

    /**
     * @param progressPrefix put before each progress line (e.g. "warm-up: ")
     * @param progress       where the once-a-second progress line goes (stderr), or null for none
     */
    PerfRound(PerfPlan plan, ConnectionFactory factory, int count, String progressPrefix, PrintWriter progress) {
        this.plan = plan;
        this.factory = factory;
        this.count = count;
        this.progressPrefix = progressPrefix;
        this.progress = progress;
    }

    /**
     * Runs the round. A producer or consumer that cannot connect is a {@link CliException}; failures once
     * messages flow (a stall, a send error) end up in the report.
     */
    PerfReport run() throws InterruptedException {
        int runId = ThreadLocalRandom.current().nextInt();
        PerfCounters counters = new PerfCounters();
        int[] shares = plan.shares(count);
        List<DeliveryLedger> ledgers = new ArrayList<>();
        List<PerfConsumer> consumers = new ArrayList<>();
        for (int i = 0; i < plan.consumers(); i++) {
            if (plan.topic() || ledgers.isEmpty()) {
                ledgers.add(new DeliveryLedger(shares));
            }
            consumers.add(new PerfConsumer(i, plan, factory, ledgers.get(ledgers.size() - 1), runId, counters));
        }
        CountDownLatch startGate = new CountDownLatch(1);
        CountDownLatch producersDone = new CountDownLatch(plan.producers());
        List<PerfProducer> producers = new ArrayList<>();
        for (int i = 0; i < plan.producers(); i++) {
            producers.add(new PerfProducer(i, shares[i], plan, factory, runId, counters, startGate, producersDone));
        }
        try {
            for (PerfConsumer consumer : consumers) {
                consumer.start();
            }
            for (PerfConsumer consumer : consumers) {
                awaitSetup(consumer.awaitReady(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS), "consumer", counters);
            }
            for (PerfProducer producer : producers) {
                producer.start();
            }
            for (PerfProducer producer : producers) {
                awaitSetup(producer.awaitReady(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS), "producer", counters);
            }
            long startNanos = System.nanoTime();
            startGate.countDown();
            String failure = monitor(counters, producersDone, startNanos);
            if (failure == null) {
                Thread.sleep(SETTLE_MILLIS);
            }
            for (PerfProducer producer : producers) {
                producer.stop();
            }
            for (PerfConsumer consumer : consumers) {
                consumer.stop();
            }
            for (PerfProducer producer : producers) {
                producer.join(5_000);
            }
            for (PerfConsumer consumer : consumers) {
                consumer.join(5_000);
            }
            if (failure == null && counters.failure() != null) {
                failure = counters.failure().getMessage();
            }
            return report(counters, ledgers, consumers, producers, startNanos, failure);
        } finally {
            startGate.countDown();
            producers.forEach(PerfProducer::stop);
            consumers.forEach(PerfConsumer::stop);
            producers.forEach(PerfProducer::close);
            consumers.forEach(PerfConsumer::close);
        }
    }

    private static void awaitSetup(boolean ready, String what, PerfCounters counters) {
        if (counters.failure() != null) {
            throw counters.failure();
        }
        if (!ready) {
            throw new CliException("a " + what + " could not connect within " + SETUP_TIMEOUT_SECONDS + " s");
        }
    }

    /** Waits for the round to end; returns null when all expected deliveries arrived, else why it stopped. */
    private String monitor(PerfCounters counters, CountDownLatch producersDone, long startNanos)
            throws InterruptedException {
        long expected = plan.expectedDeliveries(count);
        long stallNanos = plan.stallTimeout().toNanos();
        long lastActivity = startNanos;
        long lastSent = 0;
        long lastReceived = 0;
        long nextProgress = startNanos + TimeUnit.SECONDS.toNanos(1);
        long progressReceived = 0;
        long progressNanos = startNanos;
        while (true) {
            producersDone.await(20, TimeUnit.MILLISECONDS);
            long now = System.nanoTime();
            if (counters.failure() != null) {
                return counters.failure().getMessage();
            }
            long sent = counters.sentCount();
            long received = counters.receivedCount();
            if (received >= expected && producersDone.getCount() == 0) {
                return null;
            }
            if (sent != lastSent || received != lastReceived) {
                lastSent = sent;
                lastReceived = received;
                lastActivity = now;
            } else if (now - lastActivity > stallNanos) {
                return String.format("timed out: no message sent or received for %d s (sent %d, received %d of %d)",
                        TimeUnit.NANOSECONDS.toSeconds(stallNanos), sent, received, expected);
            }
            if (progress != null && now >= nextProgress) {
                double rate = (received - progressReceived) * 1e9 / Math.max(1, now - progressNanos);
                progress.printf("%ssent %d  received %d  (%.0f msg/s)%n", progressPrefix, sent, received, rate);
                progress.flush();
                progressReceived = received;
                progressNanos = now;
                nextProgress += TimeUnit.SECONDS.toNanos(1);
            }
        }
    }

    private PerfReport report(PerfCounters counters, List<DeliveryLedger> ledgers, List<PerfConsumer> consumers,
                              List<PerfProducer> producers, long startNanos, String failure) {
        Histogram latency = new Histogram(PerfConsumer.HIGHEST_LATENCY, 3);
        long lastReceive = startNanos;
        long outOfOrder = 0;
        long strays = 0;
        for (PerfConsumer consumer : consumers) {
            latency.add(consumer.latency());
            lastReceive = Math.max(lastReceive, consumer.lastReceiveNanos());
            outOfOrder += consumer.outOfOrder();
            strays += consumer.strays();
        }
        long sendEnd = startNanos;
        for (PerfProducer producer : producers) {
            sendEnd = Math.max(sendEnd, producer.endNanos());
        }
        long lost = 0;
        long duplicates = 0;
        long unexpected = 0;
        StringBuilder lostSample = new StringBuilder();
        for (int i = 0; i < ledgers.size(); i++) {
            DeliveryLedger ledger = ledgers.get(i);
            lost += ledger.lost();
            duplicates += ledger.duplicates();
            unexpected += ledger.unexpected();
            if (ledger.lost() > 0 && lostSample.length() < 200) {
                lostSample.append(lostSample.length() == 0 ? "" : " | ")
                        .append(plan.topic() ? "subscription " + i + ": " : "").append(ledger.lostSample(10));
            }
        }
        return new PerfReport(plan, count, counters.sentCount(), counters.receivedCount(),
                plan.expectedDeliveries(count), sendEnd - startNanos, lastReceive - startNanos, latency,
                lost, duplicates, unexpected, outOfOrder, strays, lostSample.toString(), failure);
    }
}
