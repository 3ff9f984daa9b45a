package org.letterbox.server.overload;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.server.testsupport.BrokerProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Item 1 of the hardening issue, on the runnable jar with its default settings and a 256 MiB heap: 12 busy queues of
 * persistent messages, 12 of non-persistent ones and 4 topics with 2 durable subscriptions each, 1 KiB messages,
 * far more than the heap, nobody consuming at first. Each destination may hold an eighth of the heap, so without the
 * broker-wide memory budget this ran the heap out. Now persistent messages page, non-persistent producers are held
 * back, a bystander's request/reply goes on throughout, the broker stays within its heap (it runs with
 * {@code -XX:+ExitOnOutOfMemoryError}), and once consumers come every message arrives exactly once.
 */
@EnabledIfSystemProperty(named = "letterbox.it", matches = "true",
        disabledReason = "needs the shaded jar: runs under failsafe (mvn verify)")
@Timeout(300)
class HeapBoundIT {
    private static final int SIZE = 1024;
    private static final int QUEUES = 12;
    private static final int TOPICS = 4;
    private static final int PER_QUEUE = Integer.getInteger("letterbox.heapbound.perQueue", 15_000);
    private static final int PER_TOPIC = PER_QUEUE / 3;

    @TempDir
    Path dir;

    private BrokerProcess broker;
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the broker may be gone
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    private Connection connect(String url, String clientId) throws Exception {
        Connection connection = new LetterboxConnectionFactory(url).createConnection();
        if (clientId != null) {
            connection.setClientID(clientId);
        }
        toClose.add(connection);
        return connection;
    }

    private Thread produce(String url, String name, boolean topic, boolean persistent, int count) {
        Thread thread = new Thread(() -> {
            try {
                Connection connection = connect(url, null);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(topic ? session.createTopic(name) : session.createQueue(name));
                producer.setDeliveryMode(persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
                Semaphore inFlight = new Semaphore(500);
                CompletionListener done = new CompletionListener() {
                    @Override
                    public void onCompletion(Message message) {
                        inFlight.release();
                    }

                    @Override
                    public void onException(Message message, Exception exception) {
                        failures.add(exception);
                        inFlight.release();
                    }
                };
                byte[] body = new byte[SIZE];
                for (int i = 0; i < count; i++) {
                    BytesMessage message = session.createBytesMessage();
                    message.writeBytes(body);
                    message.setIntProperty("n", i);
                    if (persistent) {
                        inFlight.acquire();
                        producer.send(message, done);
                    } else {
                        producer.send(message);
                    }
                }
                inFlight.acquire(500);
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "produce-" + name);
        thread.start();
        return thread;
    }

    /** Receives {@code count} numbered messages, each once; returns the number received. */
    private static void drain(MessageConsumer consumer, String name, int count) throws Exception {
        BitSet seen = new BitSet(count);
        for (int i = 0; i < count; i++) {
            Message message = consumer.receive(30_000);
            if (message == null) {
                throw new AssertionError(name + ": " + i + " of " + count + " arrived");
            }
            int n = message.getIntProperty("n");
            if (seen.get(n)) {
                throw new AssertionError(name + ": " + n + " arrived twice");
            }
            seen.set(n);
        }
        if (consumer.receive(100) != null) {
            throw new AssertionError(name + ": more than " + count + " arrived");
        }
    }

    @Test
    void manyBusyDestinationsStayWithinASmallHeapAndLoseNothing() throws Exception {
        broker = new BrokerProcess(dir, List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), List.of());
        String url = broker.start();
        long offered = (2L * QUEUES * PER_QUEUE + (long) TOPICS * PER_TOPIC) * SIZE;

        for (int t = 0; t < TOPICS; t++) { // the durable subscriptions exist, their consumers are gone
            Connection subscriber = connect(url, "sub-" + t);
            Session session = subscriber.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic("hb-topic-" + t);
            session.createDurableConsumer(topic, "a").close();
            session.createDurableConsumer(topic, "b").close();
            subscriber.close();
        }
        Bystander bystander = new Bystander(connect(url, null));
        bystander.start();

        long started = System.nanoTime();
        List<Thread> persistentProducers = new ArrayList<>();
        List<Thread> nonPersistentProducers = new ArrayList<>();
        for (int q = 0; q < QUEUES; q++) {
            persistentProducers.add(produce(url, "hb-p-" + q, false, true, PER_QUEUE));
            nonPersistentProducers.add(produce(url, "hb-n-" + q, false, false, PER_QUEUE));
        }
        for (int t = 0; t < TOPICS; t++) {
            persistentProducers.add(produce(url, "hb-topic-" + t, true, true, PER_TOPIC));
        }
        for (Thread producer : persistentProducers) {
            producer.join(180_000);
            assertFalse(producer.isAlive(), "persistent producers page and never wait: " + producer.getName());
        }
        long produced = System.nanoTime();
        assertTrue(failures.isEmpty(), "no producer failed: " + failures);
        assertTrue(broker.isAlive(), "the broker is up: " + broker.stderrTail());
        long blockedNonPersistent = nonPersistentProducers.stream().filter(Thread::isAlive).count();
        Figures atPeak = Figures.of(broker);

        // consumers come: the held-back producers go on, and everything arrives exactly once
        List<Thread> consumers = new ArrayList<>();
        for (int q = 0; q < QUEUES; q++) {
            for (String name : new String[] {"hb-p-" + q, "hb-n-" + q}) {
                consumers.add(consume(url, null, name, null, PER_QUEUE));
            }
        }
        for (int t = 0; t < TOPICS; t++) {
            consumers.add(consume(url, "sub-" + t, "hb-topic-" + t, new String[] {"a", "b"}, PER_TOPIC));
        }
        for (Thread thread : consumers) {
            thread.join(240_000);
            assertFalse(thread.isAlive(), thread.getName() + " finished");
        }
        for (Thread producer : nonPersistentProducers) {
            producer.join(30_000);
            assertFalse(producer.isAlive(), "held-back producers went on: " + producer.getName());
        }
        long drained = System.nanoTime();
        bystander.stop();
        assertTrue(failures.isEmpty(), "no client failed: " + failures);
        assertTrue(broker.isAlive(), "the broker is up: " + broker.stderrTail());
        assertTrue(bystander.worstMillis() < 10_000, "the bystander's request/reply went on: worst "
                + bystander.worstMillis() + " ms");
        broker.stop();
        String log = broker.stderr();
        assertFalse(log.contains("OutOfMemoryError"), broker.stderrTail());
        System.out.printf("heap bound: %d MiB offered to 24 queues and 8 durable subscriptions of a -Xmx256m broker; "
                        + "persistent producers done in %.1f s (%d non-persistent ones held back); at that point %s; "
                        + "drained exactly once in %.1f s; bystander request/reply: %d round trips, worst %d ms; "
                        + "log %d KiB%n", offered >> 20, (produced - started) / 1e9, blockedNonPersistent, atPeak,
                (drained - produced) / 1e9, bystander.roundTrips(), bystander.worstMillis(), log.length() / 1024);
    }

    private Thread consume(String url, String clientId, String name, String[] subscriptions, int count) {
        Thread thread = new Thread(() -> {
            try {
                Connection connection = connect(url, clientId);
                connection.start();
                Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
                if (subscriptions == null) {
                    drain(session.createConsumer(session.createQueue(name)), name, count);
                } else {
                    Topic topic = session.createTopic(name);
                    for (String subscription : subscriptions) {
                        drain(session.createDurableConsumer(topic, subscription), name + "/" + subscription, count);
                    }
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "consume-" + name);
        thread.start();
        return thread;
    }

    /** Persistent request/reply on a queue of its own, every 100 ms, timing each round trip. */
    private final class Bystander implements Runnable {
        private final Connection connection;
        private final Thread thread = new Thread(this, "bystander");
        private volatile boolean stopped;
        private final AtomicLong worst = new AtomicLong();
        private final AtomicLong roundTrips = new AtomicLong();

        Bystander(Connection connection) {
            this.connection = connection;
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            try {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue queue = session.createQueue("hb-bystander");
                MessageProducer producer = session.createProducer(queue);
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                MessageConsumer consumer = session.createConsumer(queue);
                while (!stopped) {
                    long t0 = System.nanoTime();
                    producer.send(session.createTextMessage("ping"));
                    if (consumer.receive(30_000) == null) {
                        throw new AssertionError("the bystander's message did not come back");
                    }
                    worst.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                    roundTrips.incrementAndGet();
                    Thread.sleep(100);
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(35_000);
        }

        long worstMillis() {
            return worst.get();
        }

        long roundTrips() {
            return roundTrips.get();
        }
    }

    /** The broker's live heap (after a full GC it is asked for), resident memory and threads, read from outside. */
    record Figures(long heapUsedKib, long heapCommittedKib, long rssKib, int threads) {
        static Figures of(BrokerProcess broker) throws Exception {
            long used = -1;
            long committed = -1;
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            if (Files.isExecutable(jcmd)) {
                run(jcmd, broker.pid(), "GC.run");
                String info = run(jcmd, broker.pid(), "GC.heap_info");
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile("total (\\d+)K, used (\\d+)K").matcher(info);
                if (m.find()) {
                    committed = Long.parseLong(m.group(1));
                    used = Long.parseLong(m.group(2));
                }
            }
            long rss = -1;
            int threads = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(broker.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
            return new Figures(used, committed, rss, threads);
        }

        private static String run(Path jcmd, long pid, String command) throws Exception {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes());
            process.waitFor(30, TimeUnit.SECONDS);
            return out;
        }

        @Override
        public String toString() {
            return String.format("live heap %d MiB (committed %d MiB), RSS %d MiB, %d threads", heapUsedKib >> 10,
                    heapCommittedKib >> 10, rssKib >> 10, threads);
        }
    }
}
