package org.letterbox.server.cli;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One perf producer: its own connection and session, sending its share of the messages as BytesMessages once
 * the start gate opens. Sync sends, or async ones (CompletionListener) with at most {@code maxInFlight}
 * outstanding; with a transacted batch it commits every N sends (after the batch's async sends complete).
 * A message counts as sent when {@code send} returns, or when its completion arrives.
 */
final class PerfProducer extends PerfWorker {
    private final int id;
    private final int messages;
    private final PerfPlan plan;
    private final ConnectionFactory factory;
    private final int runId;
    private final PerfCounters counters;
    private final CountDownLatch startGate;
    private final CountDownLatch done;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Semaphore inFlight;
    private final byte[] payload;
    private final CompletionListener completion = new CompletionListener() {
        @Override
        public void onCompletion(Message message) {
            counters.sent();
            inFlight.release();
        }

        @Override
        public void onException(Message message, Exception exception) {
            counters.fail("producer " + id + ": async send failed", exception);
            inFlight.release();
        }
    };

    private volatile long endNanos;

    PerfProducer(int id, int messages, PerfPlan plan, ConnectionFactory factory, int runId, PerfCounters counters,
                 CountDownLatch startGate, CountDownLatch done) {
        this.id = id;
        this.messages = messages;
        this.plan = plan;
        this.factory = factory;
        this.runId = runId;
        this.counters = counters;
        this.startGate = startGate;
        this.done = done;
        this.inFlight = new Semaphore(plan.maxInFlight());
        this.payload = new byte[plan.size()];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + (i + id) % 26);
        }
    }

    @Override
    protected String threadName() {
        return "perf-producer-" + id;
    }

    /** Waits until connected (or failed: see the counters). */
    boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        return ready.await(timeout, unit);
    }

    @Override
    public void run() {
        Session session;
        MessageProducer producer;
        try {
            connection = plan.connect(factory);
            session = plan.session(connection);
            producer = session.createProducer(plan.destination(session));
            producer.setDeliveryMode(plan.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        } catch (Exception e) {
            counters.fail("producer " + id + " could not start", e);
            ready.countDown();
            done.countDown();
            return;
        }
        ready.countDown();
        try {
            startGate.await();
            sendAll(session, producer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            counters.fail("producer " + id, e);
        } finally {
            endNanos = System.nanoTime();
            done.countDown();
        }
    }

    private void sendAll(Session session, MessageProducer producer) throws JMSException, InterruptedException {
        int batch = 0;
        for (int seq = 0; seq < messages && !stop; seq++) {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(payload);
            message.setIntProperty(PerfPlan.PRODUCER, id);
            message.setIntProperty(PerfPlan.SEQUENCE, seq);
            message.setIntProperty(PerfPlan.RUN, runId);
            if (plan.async()) {
                while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (stop) {
                        return;
                    }
                }
                message.setLongProperty(PerfPlan.SENT_NANOS, System.nanoTime());
                producer.send(message, completion);
            } else {
                message.setLongProperty(PerfPlan.SENT_NANOS, System.nanoTime());
                producer.send(message);
                counters.sent();
            }
            if (plan.transacted() && ++batch == plan.transactedBatch()) {
                if (!drain()) {
                    return;
                }
                session.commit();
                batch = 0;
            }
        }
        if (drain() && batch > 0) {
            session.commit();
        }
    }

    /** Waits for every outstanding async send to complete; false if stopped first. */
    private boolean drain() throws InterruptedException {
        if (!plan.async()) {
            return true;
        }
        while (!inFlight.tryAcquire(plan.maxInFlight(), 100, TimeUnit.MILLISECONDS)) {
            if (stop) {
                return false;
            }
        }
        inFlight.release(plan.maxInFlight());
        return true;
    }

    /** When it finished sending (0 if it has not). */
    long endNanos() {
        return endNanos;
    }

}
