package org.letterbox.server.store;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.server.LetterboxBroker;
import org.letterbox.server.destination.DeliveryPolicy;
import org.letterbox.server.destination.FullPolicy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A queue browser on a queue whose messages are mostly paged out to the journal (a 64 KiB memory limit, 2,000
 * persistent messages of 1 KiB): it sees every message, those in memory and those on disk, in queue order, with its
 * selector applied to both; messages consumed while it browses are skipped, even when their journal files were
 * deleted meanwhile; and browsing takes nothing off the queue.
 */
class PagedBrowseTest {
    private static final String QUEUE = "paged";
    private static final int COUNT = 2000;
    private static final int SIZE = 1024;
    private static final String GROUP_ONE = "grp = 1";

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

    private static LetterboxBroker.Builder pagingBroker() {
        return LetterboxBroker.builder()
                .deliveryPolicy(QUEUE, DeliveryPolicy.DEFAULT.withMemoryLimit(64 * 1024, FullPolicy.PAGING));
    }

    /** Messages n = from..to-1, each with property grp = n % 3 and a SIZE-byte body starting with n's low byte. */
    private void send(String queue, int from, int to) throws JMSException {
        Session session = store.session();
        MessageProducer producer = session.createProducer(session.createQueue(queue));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        byte[] body = new byte[SIZE];
        for (int n = from; n < to; n++) {
            BytesMessage m = session.createBytesMessage();
            body[0] = (byte) n;
            m.writeBytes(body);
            m.setIntProperty("n", n);
            m.setIntProperty("grp", n % 3);
            producer.send(m);
        }
    }

    /** The n of a message, after checking it is the message sent as n (not some other record's bytes). */
    private static int checkedN(Message m) throws JMSException {
        int n = m.getIntProperty("n");
        BytesMessage bytes = (BytesMessage) m;
        assertEquals(SIZE, bytes.getBodyLength(), "body of " + n);
        assertEquals((byte) n, bytes.readByte(), "body of " + n);
        assertEquals(n % 3, m.getIntProperty("grp"));
        return n;
    }

    private List<Integer> browse(String selector) throws JMSException {
        Session session = store.session();
        QueueBrowser browser = session.createBrowser(session.createQueue(QUEUE), selector);
        List<Integer> seen = new ArrayList<>();
        Enumeration<?> messages = browser.getEnumeration();
        while (messages.hasMoreElements()) {
            seen.add(checkedN((Message) messages.nextElement()));
        }
        browser.close();
        return seen;
    }

    private List<Integer> drain(String queue, int max) throws JMSException {
        return store.drain(queue, max, 2000, PagedBrowseTest::checkedN);
    }

    private static List<Integer> range(int from, int to, int groupOrAll) {
        List<Integer> list = new ArrayList<>();
        for (int n = from; n < to; n++) {
            if (groupOrAll < 0 || n % 3 == groupOrAll) {
                list.add(n);
            }
        }
        return list;
    }

    private void assertMostlyPaged() {
        assertEquals(COUNT, store.broker().queueDepth(QUEUE));
        assertTrue(store.broker().pagedCount(QUEUE) > COUNT * 9 / 10, "paged: " + store.broker().pagedCount(QUEUE));
    }

    /** Browsing sees everything (twice, to show it takes nothing away); then a consumer gets each message once. */
    private void assertBrowsedFullyThenDrainedOnce() throws JMSException {
        assertEquals(range(0, COUNT, -1), browse(null));
        assertEquals(range(0, COUNT, 1), browse(GROUP_ONE));
        assertEquals(range(0, COUNT, -1), browse(null));
        assertMostlyPaged();
        assertEquals(range(0, COUNT, -1), drain(QUEUE, Integer.MAX_VALUE));
        assertEquals(0, store.broker().queueDepth(QUEUE));
        assertEquals(List.of(), browse(null));
    }

    @Test
    void aBrowserSeesThePagedMessagesTooInQueueOrderThenAConsumerGetsEachOnce() throws Exception {
        store.start(pagingBroker());
        send(QUEUE, 0, COUNT);
        assertMostlyPaged();
        assertBrowsedFullyThenDrainedOnce();
    }

    @Test
    void aBrowserSeesTheMessagesRecoveredIntoPagesAfterARestart() throws Exception {
        store.start(pagingBroker());
        send(QUEUE, 0, COUNT);
        store.restart();
        assertMostlyPaged();
        assertBrowsedFullyThenDrainedOnce();
    }

    @Test
    void pagedMessagesConsumedWhileBrowsingAreSkippedAndTheRestStillSeen() throws Exception {
        store.start(pagingBroker());
        send(QUEUE, 0, COUNT);
        Session session = store.session();
        QueueBrowser browser = session.createBrowser(session.createQueue(QUEUE));
        Enumeration<?> messages = browser.getEnumeration();
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 150; i++) { // past the messages in memory, into the paged ones
            seen.add(checkedN((Message) messages.nextElement()));
        }
        assertEquals(range(0, 150, -1), seen);

        assertEquals(range(0, 1000, -1), drain(QUEUE, 1000));
        while (messages.hasMoreElements()) {
            seen.add(checkedN((Message) messages.nextElement()));
        }
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) > seen.get(i - 1), "in order, no duplicate: " + seen);
        }
        assertTrue(seen.containsAll(range(1000, COUNT, -1)), "the messages still on the queue are seen");
        assertTrue(seen.size() < COUNT - 500, "consumed messages the browser had not fetched are skipped: " + seen.size());
        assertEquals(range(1000, COUNT, -1), drain(QUEUE, Integer.MAX_VALUE));
    }

    @Test
    void aBrowserWhosePagedMessagesWereConsumedAndTheirJournalFilesDeletedEndsCleanly() throws Exception {
        LetterboxBroker.Builder builder = pagingBroker().journalRollCycle("TEST_SECONDLY");
        store.start(builder);
        send(QUEUE, 0, COUNT);
        Session session = store.session();
        QueueBrowser browser = session.createBrowser(session.createQueue(QUEUE), GROUP_ONE);
        Enumeration<?> messages = browser.getEnumeration();
        List<Integer> seen = new ArrayList<>();
        seen.add(checkedN((Message) messages.nextElement()));

        assertEquals(range(0, COUNT, -1), drain(QUEUE, Integer.MAX_VALUE));
        long deadline = System.currentTimeMillis() + 10_000;
        int other = 0;
        while (store.broker().deletedJournalFiles() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(1100);
            send("other", other, other + 1); // a write in a new cycle: the files of the consumed messages can go
            other++;
        }
        assertTrue(store.broker().deletedJournalFiles() > 0, "journal files deleted");

        while (messages.hasMoreElements()) {
            seen.add(checkedN((Message) messages.nextElement()));
        }
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) > seen.get(i - 1), "in order, no duplicate: " + seen);
        }
        assertTrue(seen.size() < 200, "only what the client had fetched before the drain: " + seen.size());
        assertEquals(range(0, other, -1), drain("other", Integer.MAX_VALUE));
        assertEquals(List.of(), browse(null));
    }
}
