package org.letterbox.server.store;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.server.LetterboxBroker;
import org.letterbox.server.destination.DeliveryPolicy;
import org.letterbox.server.destination.FullPolicy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal's space and memory bounds in-process: paging beyond a queue's memory limit (also across a
 * restart), blocking producers, deleting settled cycle files, and recovering from a damaged tail.
 */
class JournalSpaceTest {
    @TempDir
    Path data;

    private StoreBrokerFixture store;

    @BeforeEach
    void fixture() {
        store = new StoreBrokerFixture(data, FsyncPolicy.NEVER);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private void send(String queue, int from, int to, int size) throws JMSException {
        Session session = store.session();
        MessageProducer producer = session.createProducer(session.createQueue(queue));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        byte[] body = new byte[size];
        for (int i = from; i < to; i++) {
            BytesMessage m = session.createBytesMessage();
            m.writeBytes(body);
            m.setIntProperty("n", i);
            producer.send(m);
        }
    }

    private List<Integer> drain(String queue) throws JMSException {
        return store.drain(queue, Integer.MAX_VALUE, 1000, m -> m.getIntProperty("n"));
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(i);
        }
        return list;
    }

    @Test
    void messagesBeyondTheMemoryLimitArePagedAndComeBackInOrderExactlyOnce() throws Exception {
        store.start(LetterboxBroker.builder().deliveryPolicy(DeliveryPolicy.DEFAULT.withMemoryLimit(64 * 1024, FullPolicy.PAGING)));
        send("paged", 0, 500, 1024);
        assertTrue(store.broker().pagedCount("paged") > 400, "paged: " + store.broker().pagedCount("paged"));
        assertEquals(500, store.broker().queueDepth("paged"));
        assertEquals(range(0, 500), drain("paged"));
        assertEquals(0, store.broker().queueDepth("paged"));
    }

    @Test
    void pagedMessagesSurviveARestartAndStayPaged() throws Exception {
        store.start(LetterboxBroker.builder()
                .deliveryPolicy(DeliveryPolicy.DEFAULT.withMemoryLimit(32 * 1024, FullPolicy.PAGING)));
        send("paged", 0, 300, 1024);
        store.restart();
        assertEquals(300, store.broker().queueDepth("paged"));
        assertTrue(store.broker().pagedCount("paged") > 250, "paged after restart: " + store.broker().pagedCount("paged"));
        assertEquals(range(0, 300), drain("paged"));
    }

    @Test
    void blockPolicyHoldsBackTheProducerUntilTheQueueDrains() throws Exception {
        store.start(LetterboxBroker.builder().deliveryPolicy(DeliveryPolicy.DEFAULT.withMemoryLimit(16 * 1024, FullPolicy.BLOCK)));
        Thread producer = new Thread(() -> {
            try {
                send("blocked", 0, 100, 1024);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        producer.start();
        producer.join(1500);
        assertTrue(producer.isAlive(), "the producer is blocked");
        int depth = store.broker().queueDepth("blocked");
        assertTrue(depth < 30, "depth while blocked: " + depth);
        List<Integer> got = new ArrayList<>();
        Session session = store.session();
        MessageConsumer consumer = session.createConsumer(session.createQueue("blocked"));
        Message m;
        while ((m = consumer.receive(2000)) != null) {
            got.add(m.getIntProperty("n"));
        }
        producer.join(10_000);
        assertTrue(!producer.isAlive());
        assertEquals(range(0, 100), got);
    }

    private List<Path> cycleFiles() throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("journal"))) {
            return files.filter(f -> f.toString().endsWith(".cq4")).sorted().toList();
        }
    }

    @Test
    void aCycleFileIsDeletedOnceEveryMessageInItIsSettled() throws Exception {
        store.start(LetterboxBroker.builder().journalRollCycle("TEST_SECONDLY"));
        send("keep", 0, 5, 100);      // stays: its file must stay
        Thread.sleep(1100);
        send("reclaim", 0, 200, 1024); // consumed below: its files can go
        assertEquals(range(0, 200), drain("reclaim"));
        Thread.sleep(1100);
        send("reclaim", 200, 201, 10); // a write in a new cycle: the settled ones are older now
        assertEquals(List.of(200), drain("reclaim"));
        Thread.sleep(1100);
        send("other", 0, 1, 10);
        int before = cycleFiles().size();
        // the oldest file holds the live "keep" messages: nothing may go before it, so consume them too
        assertEquals(range(0, 5), drain("keep"));
        Thread.sleep(1100);
        send("other", 1, 2, 10);
        assertTrue(store.broker().deletedJournalFiles() > 0, "deleted " + store.broker().deletedJournalFiles() + " of " + before);
        assertTrue(cycleFiles().size() < before, cycleFiles() + " vs " + before);
        store.restart();
        assertEquals(List.of(), drain("reclaim"));
        assertEquals(List.of(), drain("keep"));
        assertEquals(List.of(0, 1), drain("other"));
        send("keep", 5, 6, 10);
        assertEquals(List.of(5), drain("keep"));
    }

    @Test
    void aDamagedTailIsSkippedAndEverythingBeforeItRecovered() throws Exception {
        store.start(LetterboxBroker.builder());
        send("torn", 0, 50, 2000);
        store.stop();
        Path last = cycleFiles().get(cycleFiles().size() - 1);
        long end = lastNonZero(last);
        try (RandomAccessFile file = new RandomAccessFile(last.toFile(), "rw")) {
            file.seek(end - 700); // inside the last message's body: its header is intact, its bytes are not
            file.write(garbage(300));
        }
        store.startAgain();
        assertEquals(range(0, 49), drain("torn"));
        send("torn", 100, 101, 10);
        store.restart(); // the damage is acknowledged: a later start does not see it as damage in the middle
        assertEquals(List.of(100), drain("torn"));
    }

    @Test
    void damageInTheMiddleStopsTheBrokerWithAClearMessage() throws Exception {
        store.start(LetterboxBroker.builder());
        send("torn", 0, 50, 2000);
        store.stop();
        Path last = cycleFiles().get(cycleFiles().size() - 1);
        long end = lastNonZero(last);
        try (RandomAccessFile file = new RandomAccessFile(last.toFile(), "rw")) {
            file.seek(end - 20 * 2100); // some message well before the end
            file.write(garbage(100));
        }
        Exception e = assertThrows(Exception.class, () -> store.startAgain());
        String message = String.valueOf(e.getMessage()) + e.getCause();
        assertTrue(message.contains("damaged in the middle"), message);
    }

    private static byte[] garbage(int n) {
        byte[] bytes = new byte[n];
        java.util.Arrays.fill(bytes, (byte) 0x5A);
        return bytes;
    }

    private static long lastNonZero(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] != 0) {
                return i;
            }
        }
        return 0;
    }

    @SuppressWarnings("unused")
    private static Set<Integer> set(List<Integer> list) {
        return new HashSet<>(list);
    }

    @SuppressWarnings("unused")
    private static String text(Message m) throws JMSException {
        return ((TextMessage) m).getText();
    }

    @SuppressWarnings("unused")
    private static void none(Message m) {
        assertNull(m);
    }
}
