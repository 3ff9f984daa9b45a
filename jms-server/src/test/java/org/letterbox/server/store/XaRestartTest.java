package org.letterbox.server.store;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.XASession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.client.LetterboxXAResource;
import org.letterbox.protocol.WireXid;
import org.letterbox.server.LetterboxBroker;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prepared XA branches on the Chronicle journal across a broker restart: the branch comes back prepared (its sends
 * invisible, its consumed messages held), recover() finds it, and its commit or rollback then has exactly the effect
 * it would have had before the restart.
 */
class XaRestartTest {
    @TempDir
    Path data;

    private StoreBrokerFixture store;

    @BeforeEach
    void fixture() {
        store = new StoreBrokerFixture(data, FsyncPolicy.BATCH);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private void send(String queue, String... texts) throws JMSException {
        Session session = store.session();
        MessageProducer producer = session.createProducer(session.createQueue(queue));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        for (String text : texts) {
            producer.send(session.createTextMessage(text));
        }
    }

    private List<String> drain(String queue) throws JMSException {
        return store.drain(queue, Integer.MAX_VALUE, 500, m -> ((TextMessage) m).getText());
    }

    private static Xid xid(String name) {
        return new WireXid(0x4C42, name.getBytes(StandardCharsets.US_ASCII), new byte[]{1});
    }

    /** Prepares a branch that consumes "in-1" from "in" and sends "out-1" and "out-2" to "out". */
    private Xid prepareBranch(String name, boolean withSends) throws Exception {
        XASession session = store.xaSession();
        XAResource resource = session.getXAResource();
        Xid xid = xid(name);
        MessageConsumer consumer = session.createConsumer(session.createQueue("in"));
        resource.start(xid, XAResource.TMNOFLAGS);
        Message m = consumer.receive(5000);
        assertNotNull(m);
        assertEquals("in-1", ((TextMessage) m).getText());
        if (withSends) {
            Queue out = session.createQueue("out");
            MessageProducer producer = session.createProducer(out);
            producer.send(session.createTextMessage("out-1"));
            producer.send(session.createTextMessage("out-2"));
        }
        resource.end(xid, XAResource.TMSUCCESS);
        consumer.close();
        assertEquals(XAResource.XA_OK, resource.prepare(xid));
        return xid;
    }

    private XAResource recoveringResource() throws JMSException {
        return store.xaSession().getXAResource();
    }

    @Test
    void aPreparedBranchSurvivesARestartAndItsCommitDeliversExactlyOnce() throws Exception {
        store.start(LetterboxBroker.builder());
        String nodeId = ((LetterboxXAResource) recoveringResource()).brokerNodeId();
        send("in", "in-1", "in-2");
        Xid xid = prepareBranch("commit-after-restart", true);

        store.restart();
        XAResource resource = recoveringResource();
        assertEquals(nodeId, ((LetterboxXAResource) resource).brokerNodeId(), "the node id survives the restart");
        Xid[] prepared = resource.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertArrayEquals(new Xid[]{WireXid.of(xid)}, prepared);
        assertEquals(List.of(), drain("out"), "prepared sends stay invisible after the restart");
        assertEquals(List.of("in-2"), drain("in"), "the consumed message stays held");

        resource.commit(prepared[0], false);
        assertEquals(List.of("out-1", "out-2"), drain("out"));
        assertEquals(List.of(), drain("in"));

        store.restart();
        assertEquals(0, recoveringResource().recover(XAResource.TMSTARTRSCAN).length);
        assertEquals(List.of(), drain("out"), "delivered once, never again");
        assertEquals(List.of(), drain("in"), "the committed consumption is final");
    }

    @Test
    void aPreparedBranchRolledBackAfterARestartReturnsItsConsumedMessagesRedelivered() throws Exception {
        store.start(LetterboxBroker.builder());
        send("in", "in-1");
        Xid xid = prepareBranch("rollback-after-restart", true);

        store.restart();
        XAResource resource = recoveringResource();
        assertEquals(1, resource.recover(XAResource.TMSTARTRSCAN).length);
        resource.rollback(xid);

        Session session = store.session();
        MessageConsumer consumer = session.createConsumer(session.createQueue("in"));
        Message back = consumer.receive(5000);
        assertNotNull(back);
        assertEquals("in-1", ((TextMessage) back).getText());
        assertTrue(back.getJMSRedelivered());
        assertEquals(2, back.getIntProperty("JMSXDeliveryCount"));
        consumer.close();
        assertEquals(List.of(), drain("out"));

        store.restart();
        assertEquals(0, recoveringResource().recover(XAResource.TMSTARTRSCAN).length);
        assertEquals(List.of(), drain("out"), "the rolled back sends never appear");
        assertEquals(List.of(), drain("in"), "acknowledged after the rollback, so gone");
    }

    @Test
    void aPreparedBranchKeepsTheJournalFileOfAMessageItConsumed() throws Exception {
        store.start(LetterboxBroker.builder().journalRollCycle("TEST_SECONDLY"));
        send("in", "in-1");
        Thread.sleep(1100);
        // consumes only, in a later file: the file of "in-1" is kept by nothing but the branch's unsettled ref
        Xid xid = prepareBranch("kept-files", false);
        for (int i = 0; i < 3; i++) {
            Thread.sleep(1100);
            send("traffic", "t" + i);
            assertEquals(List.of("t" + i), drain("traffic"));
        }

        store.restart();
        XAResource resource = recoveringResource();
        assertEquals(1, resource.recover(XAResource.TMSTARTRSCAN).length);
        resource.rollback(xid);
        assertEquals(List.of("in-1"), drain("in"));
    }

    @Test
    void aTornPrepareRecordMeansTheBranchWasNeverPrepared() throws Exception {
        store.start(LetterboxBroker.builder());
        send("in", "in-1");
        prepareBranch("torn-prepare", true); // its prepare record is the journal's last
        store.stop();
        Path last;
        try (Stream<Path> files = Files.list(data.resolve("journal"))) {
            last = files.filter(f -> f.toString().endsWith(".cq4")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(last);
        int end = bytes.length - 1;
        while (end > 0 && bytes[end] == 0) {
            end--;
        }
        try (RandomAccessFile file = new RandomAccessFile(last.toFile(), "rw")) {
            file.seek(end - 3); // the prepare record's checksum: as if its page never reached the disk
            file.write(new byte[]{0x5A, 0x5A, 0x5A, 0x5A});
        }

        store.startAgain();
        assertEquals(0, recoveringResource().recover(XAResource.TMSTARTRSCAN).length);
        assertEquals(List.of(), drain("out"));
        assertEquals(List.of("in-1"), drain("in"));
    }

    @Test
    void aBranchNotPreparedBeforeTheRestartIsGone() throws Exception {
        store.start(LetterboxBroker.builder());
        send("in", "in-1");
        XASession session = store.xaSession();
        XAResource resource = session.getXAResource();
        Xid xid = xid("never-prepared");
        MessageConsumer consumer = session.createConsumer(session.createQueue("in"));
        resource.start(xid, XAResource.TMNOFLAGS);
        assertNotNull(consumer.receive(5000));
        MessageProducer producer = session.createProducer(session.createQueue("out"));
        producer.send(session.createTextMessage("out-1"));
        resource.end(xid, XAResource.TMSUCCESS);

        store.restart();
        assertEquals(0, recoveringResource().recover(XAResource.TMSTARTRSCAN).length);
        assertEquals(List.of(), drain("out"));
        assertEquals(List.of("in-1"), drain("in"));
    }
}
