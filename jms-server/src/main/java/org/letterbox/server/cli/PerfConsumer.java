package org.letterbox.server.cli;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.HdrHistogram.Histogram;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One perf consumer: its own connection, session and consumer (for a topic, its own subscription), created
 * before any producer sends. It receives until stopped, recording each message in the round's
 * {@link DeliveryLedger} and its end-to-end latency in its own histogram (merged by the report). With a
 * transacted batch it commits every N messages, and whenever it goes idle.
 */
final class PerfConsumer extends PerfWorker {
    /** Latencies above this are recorded as this (ns). */
    static final long HIGHEST_LATENCY = TimeUnit.MINUTES.toNanos(10);

    private final int id;
    private final PerfPlan plan;
    private final ConnectionFactory factory;
    private final DeliveryLedger ledger;
    private final int runId;
    private final PerfCounters counters;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Histogram latency = new Histogram(HIGHEST_LATENCY, 3);
    private final int[] lastSequence;

    private volatile long lastReceiveNanos;
    private volatile long outOfOrder;
    private volatile long strays;

    PerfConsumer(int id, PerfPlan plan, ConnectionFactory factory, DeliveryLedger ledger, int runId,
                 PerfCounters counters) {
        this.id = id;
        this.plan = plan;
        this.factory = factory;
        this.ledger = ledger;
        this.runId = runId;
        this.counters = counters;
        this.lastSequence = new int[plan.producers()];
        java.util.Arrays.fill(lastSequence, -1);
    }

    @Override
    protected String threadName() {
        return "perf-consumer-" + id;
    }

    /** Waits until subscribed (or failed: see the counters). */
    boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        return ready.await(timeout, unit);
    }

    @Override
    public void run() {
        Session session;
        MessageConsumer consumer;
        try {
            connection = plan.connect(factory);
            connection.setExceptionListener(e -> counters.fail("consumer " + id + " lost its connection", e));
            session = plan.session(connection);
            consumer = session.createConsumer(plan.destination(session));
            connection.start();
        } catch (Exception e) {
            counters.fail("consumer " + id + " could not start", e);
            ready.countDown();
            return;
        }
        ready.countDown();
        int pending = 0;
        try {
            while (!stop) {
                Message message = consumer.receive(100);
                if (message == null) {
                    if (pending > 0) {
                        session.commit();
                        pending = 0;
                    }
                    continue;
                }
                onMessage(message);
                if (plan.transacted() && ++pending >= plan.transactedBatch()) {
                    session.commit();
                    pending = 0;
                }
            }
            if (pending > 0) {
                session.commit();
            }
        } catch (Exception e) {
            counters.fail("consumer " + id, e);
        }
    }

    private void onMessage(Message message) throws Exception {
        long now = System.nanoTime();
        Object run = message.getObjectProperty(PerfPlan.RUN);
        if (!(run instanceof Integer r) || r != runId) {
            strays++;
            return;
        }
        int producer = message.getIntProperty(PerfPlan.PRODUCER);
        int sequence = message.getIntProperty(PerfPlan.SEQUENCE);
        long sentNanos = message.getLongProperty(PerfPlan.SENT_NANOS);
        latency.recordValue(Math.max(0, Math.min(HIGHEST_LATENCY, now - sentNanos)));
        if (ledger.record(producer, sequence) == DeliveryLedger.Outcome.FIRST) {
            if (sequence < lastSequence[producer]) {
                outOfOrder++;
            } else {
                lastSequence[producer] = sequence;
            }
        }
        lastReceiveNanos = now;
        counters.received();
    }

    /** Latencies in ns; read it only after {@link #join}. */
    Histogram latency() {
        return latency;
    }

    long lastReceiveNanos() {
        return lastReceiveNanos;
    }

    /** Messages that arrived after a later one of the same producer. */
    long outOfOrder() {
        return outOfOrder;
    }

    /** Messages of another run (left on the destination earlier): consumed and ignored. */
    long strays() {
        return strays;
    }

}
