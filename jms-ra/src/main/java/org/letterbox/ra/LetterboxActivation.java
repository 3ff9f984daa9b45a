package org.letterbox.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One deployed message endpoint (MDB): its {@link DeliveryLoop}s, scheduled as WorkManager work, sharing one
 * {@link ActivationConnection}. Started by endpointActivation, stopped by endpointDeactivation.
 */
final class LetterboxActivation {

    private static final Logger LOG = LoggerFactory.getLogger(LetterboxActivation.class);
    private static final long STOP_TIMEOUT_SECONDS = 30;
    static final long RECONNECT_INITIAL_MILLIS = 100;
    static final long RECONNECT_MAX_MILLIS = 5000;

    private final ActivationConfig config;
    private final ActivationTarget target;
    private final MessageEndpointFactory endpointFactory;
    private final WorkManager workManager;
    private final ActivationConnection connection;
    private final List<DeliveryLoop> loops = new ArrayList<>();
    private CountDownLatch finished;

    LetterboxActivation(ActivationConfig config, ActivationTarget target, MessageEndpointFactory endpointFactory,
                        WorkManager workManager) {
        this.config = config;
        this.target = target;
        this.endpointFactory = endpointFactory;
        this.workManager = workManager;
        this.connection = new ActivationConnection(target::open,
                new Backoff(RECONNECT_INITIAL_MILLIS, RECONNECT_MAX_MILLIS), "activation on " + target.destination());
    }

    /** Schedules the consumers; they connect in the background, so an unreachable broker does not fail this. */
    synchronized void start() throws ResourceException {
        boolean transacted = wantsTransactedDelivery();
        int sessions = config.sessionsFor(target.destination());
        finished = new CountDownLatch(sessions);
        for (int i = 0; i < sessions; i++) {
            DeliveryLoop loop = new DeliveryLoop(config, target, connection, endpointFactory, transacted, finished);
            try {
                workManager.scheduleWork(loop);
            } catch (WorkException e) {
                for (int unscheduled = i; unscheduled < sessions; unscheduled++) {
                    finished.countDown();
                }
                stop();
                throw new ResourceException("cannot schedule the consumers of " + target.destination() + ": "
                        + e.getMessage(), e);
            }
            loops.add(loop);
        }
        LOG.info("Letterbox activation started: {} consumer(s) on {}, each prefetching up to {} message(s), delivering"
                        + " in {}", sessions, target.destination(), target.consumerWindow(),
                transacted ? "the endpoint's XA transactions" : "local JMS transactions");
    }

    /** A container-managed transaction (a REQUIRED MDB) wants its deliveries inside: XA-transacted delivery. */
    private boolean wantsTransactedDelivery() throws ResourceException {
        try {
            return endpointFactory.isDeliveryTransacted(EndpointDelivery.ON_MESSAGE);
        } catch (NoSuchMethodException e) {
            throw new ResourceException("the endpoint is not a jakarta.jms.MessageListener", e);
        }
    }

    /**
     * Stops the consumers: deliveries in progress may finish and commit on the live connection (a consumer notices
     * the stop within one receive timeout), then the connection closes, and the rest are waited for a while.
     */
    synchronized void stop() {
        loops.forEach(DeliveryLoop::release);
        try {
            finished.await(DeliveryLoop.RECEIVE_TIMEOUT_MILLIS + 500, TimeUnit.MILLISECONDS);
            connection.close();
            if (!finished.await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("{} consumer(s) on {} still busy after {} s", finished.getCount(), target.destination(),
                        STOP_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close();
        }
        LOG.info("Letterbox activation on {} stopped", target.destination());
    }
}
