package org.letterbox.server.cluster;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.jms.LetterboxConnectionFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A three-process cluster whose leader is killed (SIGKILL) again and again under load: a sync and an async persistent
 * producer, a CLIENT_ACKNOWLEDGE and a transacted consumer, all reconnecting through the failover URL. Every confirmed
 * send must be consumed, and no message may come back once its acknowledgement or commit was confirmed. Prints the
 * failover time (kill to the next confirmed send) of each kill. {@code -Dletterbox.cluster.kills=100} for a long run.
 */
@EnabledIfSystemProperty(named = "letterbox.it", matches = "true",
        disabledReason = "forks broker processes: runs in the integration-test phase")
class ClusterKillIT {
    private static final int KILLS = Integer.getInteger("letterbox.cluster.kills", 3);

    @TempDir
    Path dir;
    private final List<ClusterNodeProcess> nodes = new ArrayList<>();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean stopProducing;
    private volatile boolean stopConsuming;
    private String url;

    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> settledAt = new ConcurrentHashMap<>(); // ack or commit confirmed, nanoTime
    private final List<Receipt> receipts = new CopyOnWriteArrayList<>();
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private volatile long lastSyncConfirm;     // when the last sync send was confirmed
    private volatile long lastSyncSendStarted; // ... and when that send started (nanoTime both)

    private record Receipt(String id, boolean redelivered, long at) {
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        stopProducing = true;
        stopConsuming = true;
        for (Thread t : clients) {
            t.join(10_000);
        }
        nodes.forEach(ClusterNodeProcess::close);
    }

    private void startCluster() throws Exception {
        StringBuilder cluster = new StringBuilder();
        StringBuilder jms = new StringBuilder("tcp://");
        int[] jmsPorts = new int[3];
        for (int i = 0; i < 3; i++) {
            cluster.append(i == 0 ? "" : ",").append("n").append(i + 1).append("=127.0.0.1:").append(LocalRaftGroup.freePort());
            jmsPorts[i] = LocalRaftGroup.freePort();
            jms.append(i == 0 ? "" : ",").append("127.0.0.1:").append(jmsPorts[i]);
        }
        url = jms + "?failoverTimeout=30000&reconnectDelay=50&maxReconnectDelay=500&requestTimeout=10000";
        for (int i = 0; i < 3; i++) {
            nodes.add(new ClusterNodeProcess(dir, "n" + (i + 1), cluster.toString(), jmsPorts[i]));
        }
        nodes.parallelStream().forEach(node -> {
            try {
                node.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private ClusterNodeProcess leader() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (ClusterNodeProcess node : nodes) {
                if (node.serving()) {
                    return node;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no node serves within 60 s");
    }

    private Connection connect() throws JMSException {
        Connection connection = new LetterboxConnectionFactory(url).createConnection();
        connection.start();
        return connection;
    }

    private void client(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        clients.add(t);
        t.start();
    }

    // ------------------------------------------------------------------ the workload

    private void syncProducer() {
        long next = 0;
        while (!stopProducing) {
            try (Connection connection = connect()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue("ledger"));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                while (!stopProducing) {
                    String id = "s-" + next++;
                    long started = System.nanoTime();
                    producer.send(session.createTextMessage(id));
                    confirmed.add(id);
                    lastSyncSendStarted = started;
                    lastSyncConfirm = System.nanoTime();
                }
            } catch (JMSException e) {
                // the leader went: what was not confirmed may or may not be there; reconnect and go on
            }
        }
    }

    private void asyncProducer() {
        long next = 0;
        Semaphore inFlight = new Semaphore(50);
        while (!stopProducing) {
            try (Connection connection = connect()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue("ledger"));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                while (!stopProducing) {
                    String id = "a-" + next++;
                    if (!inFlight.tryAcquire(10, TimeUnit.SECONDS)) {
                        break; // completions stopped coming: the connection is gone
                    }
                    producer.send(session.createTextMessage(id), new CompletionListener() {
                        @Override
                        public void onCompletion(Message message) {
                            confirmed.add(id);
                            inFlight.release();
                        }

                        @Override
                        public void onException(Message message, Exception exception) {
                            inFlight.release();
                        }
                    });
                }
            } catch (JMSException e) {
                // reconnect
            } catch (InterruptedException e) {
                return;
            }
            inFlight.drainPermits();
            inFlight.release(50);
        }
    }

    private void clientAckConsumer() {
        while (!stopConsuming) {
            try (Connection connection = connect()) {
                Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("ledger"));
                while (!stopConsuming) {
                    Message m = consumer.receive(200);
                    if (m == null) {
                        continue;
                    }
                    String id = received(m);
                    m.acknowledge();
                    settledAt.put(id, System.nanoTime());
                }
            } catch (JMSException e) {
                // reconnect: what was not acknowledged comes back
            }
        }
    }

    private void transactedConsumer() {
        while (!stopConsuming) {
            try (Connection connection = connect()) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue("ledger"));
                List<String> batch = new ArrayList<>();
                while (!stopConsuming) {
                    Message m = consumer.receive(200);
                    if (m != null) {
                        batch.add(received(m));
                    }
                    if (batch.size() >= 5 || (m == null && !batch.isEmpty())) {
                        session.commit();
                        long now = System.nanoTime();
                        batch.forEach(id -> settledAt.put(id, now));
                        batch.clear();
                    }
                }
            } catch (JMSException e) {
                // a commit that failed rolled back: the batch comes back
            }
        }
    }

    private String received(Message m) throws JMSException {
        String id = ((TextMessage) m).getText();
        receipts.add(new Receipt(id, m.getJMSRedelivered(), System.nanoTime()));
        received.add(id);
        return id;
    }

    // ------------------------------------------------------------------ the test

    @Test
    void killingTheLeaderRepeatedlyLosesNoConfirmedSendAndBringsBackNoAcknowledgedMessage() throws Exception {
        startCluster();
        leader();
        client("sync-producer", this::syncProducer);
        client("async-producer", this::asyncProducer);
        client("client-ack-consumer", this::clientAckConsumer);
        client("transacted-consumer", this::transactedConsumer);

        List<Long> failoverMillis = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            ClusterNodeProcess leader = leader();
            long before = lastSyncConfirm;
            Thread.sleep(1500);
            assertTrue(lastSyncConfirm != before, "the sync producer makes progress on " + leader.nodeId());
            long killed = System.nanoTime();
            leader.kill();
            long deadline = killed + TimeUnit.SECONDS.toNanos(60);
            while (lastSyncSendStarted - killed < 0) { // a send begun after the kill, so not on the old leader
                if (System.nanoTime() > deadline) {
                    fail("no send confirmed within 60 s of killing " + leader.nodeId());
                }
                Thread.sleep(5);
            }
            failoverMillis.add(TimeUnit.NANOSECONDS.toMillis(lastSyncConfirm - killed));
            leader.start(); // back as a follower; catches up from the leader
            Thread.sleep(1000);
        }
        stopProducing = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!received.containsAll(confirmed) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(500); // let a late redelivery of something settled show up, if there were one
        stopConsuming = true;

        List<String> lost = confirmed.stream().filter(id -> !received.contains(id)).sorted().toList();
        List<String> returned = new ArrayList<>();
        long unflaggedRepeats = 0;
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (Receipt r : receipts) {
            Long settled = settledAt.get(r.id());
            if (settled != null && r.at() > settled) {
                returned.add(r.id());
            }
            if (seen.merge(r.id(), 1, Integer::sum) > 1 && !r.redelivered()) {
                unflaggedRepeats++;
            }
        }
        List<Long> sorted = failoverMillis.stream().sorted().toList();
        System.out.printf("cluster kill test: %d kills, %d confirmed sends, %d receipts, %d settled, %d repeats not "
                        + "flagged redelivered; failover ms (kill -> a send begun after it confirmed) p50 %d, max %d, all %s%n",
                KILLS, confirmed.size(), receipts.size(), settledAt.size(), unflaggedRepeats,
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), failoverMillis);
        assertEquals(List.of(), lost.subList(0, Math.min(20, lost.size())), lost.size() + " confirmed sends lost");
        assertEquals(List.of(), returned.subList(0, Math.min(20, returned.size())),
                returned.size() + " messages came back after their ack or commit was confirmed");
        assertTrue(confirmed.size() > 100, "the load ran: " + confirmed.size());
    }

    @Test
    void aLeaderThatLostItsMajorityConfirmsNothing() throws Exception {
        startCluster();
        ClusterNodeProcess leader = leader();
        try (Connection connection = connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("minority"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(session.createTextMessage("with a majority"));
            for (ClusterNodeProcess node : nodes) {
                if (node != leader) {
                    node.kill();
                }
            }
            // the send reaches the old leader (if it still serves) or nobody: either way it is not confirmed
            assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("alone")));
        }
        for (ClusterNodeProcess node : nodes) {
            if (node != leader) {
                node.start();
            }
        }
        try (Connection connection = connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("minority"));
            assertEquals("with a majority", ((TextMessage) consumer.receive(10_000)).getText());
        }
    }
}
