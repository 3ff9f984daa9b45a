package org.letterbox.server.it;

import jakarta.jms.Connection;
import jakarta.jms.JMSConsumer;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XASession;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.letterbox.jms.LetterboxXAConnectionFactory;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.Frames;
import org.letterbox.protocol.WireXid;
import org.letterbox.server.LetterboxBroker;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.DataInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * XA transactions end to end: an XA session's work belongs to its branch between start and end, and the broker
 * completes branches (one or two phases, rollback, recovery) with the XA spec's codes.
 */
class XaTest {

    @Nested
    class OverTcp extends Spec {
        protected Transport transport() { return Transport.TCP; }
    }

    @Nested
    class OverVm extends Spec {
        protected Transport transport() { return Transport.VM; }
    }

    /** The broker's answers to XA frames no well-behaved client sends: exact XA codes, and the connection lives on. */
    @Nested
    class RawFrames extends BrokerTestSupport {
        protected Transport transport() { return Transport.TCP; }

        private static byte[] encode(Frame frame) {
            return RawClient.encode(frame);
        }

        private static Frame exchange(Socket socket, Frame request) throws Exception {
            socket.getOutputStream().write(encode(request));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            ByteBuf buf = Unpooled.wrappedBuffer(body);
            return Frames.decode(buf.readByte(), buf.readInt(), buf);
        }

        private static void assertCode(int expected, Frame reply) {
            Frames.XaResult result = assertInstanceOf(Frames.XaResult.class, reply);
            assertEquals(expected, result.code(), result.message());
        }

        @Test
        void badXaRequestsGetExactCodesAndTheConnectionLivesOn() throws Exception {
            try (Socket socket = new Socket("127.0.0.1", broker.port())) {
                socket.setSoTimeout(5000);
                Frames.HelloOk hello = assertInstanceOf(Frames.HelloOk.class,
                        exchange(socket, new Frames.Hello(1, Frames.MAGIC, Frames.VERSION, null, null, 0)));
                assertNotNull(hello.nodeId());
                assertInstanceOf(Frames.Ok.class, exchange(socket, new Frames.CreateSession(2, 1, Session.AUTO_ACKNOWLEDGE)));
                assertInstanceOf(Frames.Ok.class, exchange(socket, new Frames.CreateSession(3, 2, Frames.XA_SESSION)));
                WireXid xid = WireXid.of(newXid());

                assertCode(XAException.XAER_PROTO, exchange(socket, new Frames.XaStart(4, 99, xid, XAResource.TMNOFLAGS, 0)));
                assertCode(XAException.XAER_PROTO, exchange(socket, new Frames.XaStart(5, 1, xid, XAResource.TMNOFLAGS, 0)));
                assertCode(XAException.XAER_INVAL, exchange(socket,
                        new Frames.XaPrepare(6, new WireXid(1, new byte[Xid.MAXGTRIDSIZE + 1], new byte[1]))));
                assertCode(XAException.XAER_INVAL, exchange(socket,
                        new Frames.XaStart(7, 2, new WireXid(1, new byte[1], new byte[Xid.MAXBQUALSIZE + 1]), 0, 0)));
                assertCode(XAException.XAER_INVAL, exchange(socket, new Frames.XaStart(8, 2, new WireXid(1, new byte[0], new byte[0]), 0, 0)));
                assertCode(XAException.XAER_INVAL, exchange(socket, new Frames.XaCommit(9, null, true)));
                assertCode(XAException.XAER_NOTA, exchange(socket, new Frames.XaEnd(10, 2, xid, XAResource.TMSUCCESS, new long[]{42})));
                assertCode(XAException.XAER_INVAL, exchange(socket, new Frames.XaRecover(11, XAResource.TMJOIN)));
                assertCode(XAException.XAER_INVAL, exchange(socket, new Frames.XaEnd(12, 2, xid, XAResource.TMRESUME, new long[0])));

                assertCode(XAResource.XA_OK, exchange(socket, new Frames.XaStart(13, 2, xid, XAResource.TMNOFLAGS, 0)));
                assertCode(XAResource.XA_OK, exchange(socket, new Frames.XaEnd(14, 2, xid, XAResource.TMSUCCESS, new long[]{42})));
                assertCode(XAResource.XA_RDONLY, exchange(socket, new Frames.XaPrepare(15, xid)));
                assertInstanceOf(Frames.XaRecovered.class, exchange(socket, new Frames.XaRecover(16, XAResource.TMSTARTRSCAN)));
            }
        }
    }

    /** A transaction manager's own Xid: no equals/hashCode, as a TM may well hand in. */
    record TmXid(int formatId, byte[] gtrid, byte[] bqual) implements Xid {
        public int getFormatId() { return formatId; }
        public byte[] getGlobalTransactionId() { return gtrid.clone(); }
        public byte[] getBranchQualifier() { return bqual.clone(); }
        @Override public boolean equals(Object o) { return this == o; }
        @Override public int hashCode() { return System.identityHashCode(this); }
    }

    static Xid newXid() {
        return new TmXid(0x4C42, UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII),
                "branch-1".getBytes(StandardCharsets.US_ASCII));
    }

    static void assertXa(int expectedCode, Executable call) {
        XAException e = assertThrows(XAException.class, call);
        assertEquals(expectedCode, e.errorCode, "XA code of: " + e.getMessage());
        assertNotNull(e.getMessage());
    }

    static boolean contains(Xid[] xids, Xid xid) {
        return Arrays.stream(xids).anyMatch(x -> WireXid.of(x).equals(WireXid.of(xid)));
    }

    abstract static class Spec extends BrokerTestSupport {

        private XAConnection xaConnect() throws Exception {
            XAConnection connection = new LetterboxXAConnectionFactory(url()).createXAConnection();
            closeLater(connection);
            connection.start();
            return connection;
        }

        private Queue fill(String name, String... texts) throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique(name));
            MessageProducer producer = session.createProducer(queue);
            for (String text : texts) {
                producer.send(session.createTextMessage(text));
            }
            return queue;
        }

        /** Everything a fresh AUTO consumer gets from the queue now. */
        private List<String> drain(Queue queue) throws Exception {
            Connection connection = connect();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(queue);
            List<String> texts = new ArrayList<>();
            Message m;
            while ((m = consumer.receive(400)) != null) {
                texts.add(((TextMessage) m).getText());
            }
            connection.close();
            return texts;
        }

        private static void send(Session session, Queue to, String text) throws Exception {
            MessageProducer producer = session.createProducer(to);
            producer.send(session.createTextMessage(text));
            producer.close();
        }

        private static String receiveText(MessageConsumer consumer) throws Exception {
            Message m = consumer.receive(5000);
            assertNotNull(m, "no message");
            return ((TextMessage) m).getText();
        }

        /** The next message, after checking it is {@code text} flagged redelivered. */
        private static Message receiveRedelivered(MessageConsumer consumer, String text) throws Exception {
            Message back = consumer.receive(5000);
            assertNotNull(back);
            assertEquals(text, ((TextMessage) back).getText());
            assertTrue(back.getJMSRedelivered());
            return back;
        }

        private XAResource xaResource() throws Exception {
            return xaConnect().createXASession().getXAResource();
        }

        /** A branch of a new XA session that consumed "in-1" from queue {@code in} and sent "out-1" to {@code out}. */
        private record Branch(Queue in, Queue out, XASession session, XAResource resource, Xid xid,
                              MessageConsumer consumer) {
        }

        /** Fills new queues "in" and "out", does a {@link Branch}'s work and ends it with {@code endFlag}. */
        private Branch consumeAndSendInABranch(int endFlag) throws Exception {
            Queue in = fill("in", "in-1");
            Queue out = fill("out");
            XASession session = xaConnect().createXASession();
            XAResource resource = session.getXAResource();
            Xid xid = newXid();
            MessageConsumer consumer = session.createConsumer(in);
            resource.start(xid, XAResource.TMNOFLAGS);
            assertEquals("in-1", receiveText(consumer));
            send(session, out, "out-1");
            resource.end(xid, endFlag);
            return new Branch(in, out, session, resource, xid, consumer);
        }

        // ------------------------------------------------------------------ completion

        @Test
        void twoPhaseCommitMakesSendsVisibleAndAcksFinal() throws Exception {
            Branch branch = consumeAndSendInABranch(XAResource.TMSUCCESS);
            XAResource resource = branch.resource();
            Xid xid = branch.xid();

            MessageConsumer outConsumer = connect().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(branch.out());
            assertNull(outConsumer.receive(300), "a send is invisible before commit");
            assertEquals(XAResource.XA_OK, resource.prepare(xid));
            assertNull(outConsumer.receive(300), "a prepared send is invisible");
            resource.commit(xid, false);
            assertEquals("out-1", receiveText(outConsumer));

            branch.consumer().close();
            branch.session().close();
            assertEquals(List.of(), drain(branch.in()), "the consumed message was acknowledged by the commit");
            assertXa(XAException.XAER_NOTA, () -> resource.commit(xid, false));
        }

        @Test
        void rollbackSendsNothingAndReturnsConsumedMessagesFlaggedRedelivered() throws Exception {
            Branch branch = consumeAndSendInABranch(XAResource.TMSUCCESS);
            XAResource resource = branch.resource();
            Xid xid = branch.xid();
            branch.consumer().close(); // the returned message must reach the consumer below
            assertEquals(XAResource.XA_OK, resource.prepare(xid));
            resource.rollback(xid);

            MessageConsumer again = connect().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(branch.in());
            assertEquals(2, receiveRedelivered(again, "in-1").getIntProperty("JMSXDeliveryCount"));
            assertEquals(List.of(), drain(branch.out()), "a rolled back send is never delivered");
            assertXa(XAException.XAER_NOTA, () -> resource.rollback(xid));
        }

        @Test
        void rollbackOfAnUnpreparedBranchReturnsItsWorkToo() throws Exception {
            Branch branch = consumeAndSendInABranch(XAResource.TMSUCCESS);
            branch.consumer().close();
            branch.resource().rollback(branch.xid());

            assertEquals(List.of("in-1"), drain(branch.in()));
            assertEquals(List.of(), drain(branch.out()));
        }

        @Test
        void onePhaseCommitMakesSendsVisibleAndAcksFinal() throws Exception {
            Branch branch = consumeAndSendInABranch(XAResource.TMSUCCESS);
            branch.resource().commit(branch.xid(), true);

            branch.session().close();
            assertEquals(List.of("out-1"), drain(branch.out()));
            assertEquals(List.of(), drain(branch.in()));
        }

        @Test
        void prepareOfABranchThatDidNothingIsReadOnlyAndForgetsIt() throws Exception {
            XAResource resource = xaResource();
            Xid xid = newXid();
            resource.start(xid, XAResource.TMNOFLAGS);
            resource.end(xid, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_RDONLY, resource.prepare(xid));
            assertXa(XAException.XAER_NOTA, () -> resource.commit(xid, false));
        }

        @Test
        void aBranchEndedWithTmFailRollsBackAtPrepare() throws Exception {
            Branch branch = consumeAndSendInABranch(XAResource.TMFAIL);
            XAResource resource = branch.resource();
            Xid xid = branch.xid();
            branch.consumer().close();

            assertXa(XAException.XA_RBROLLBACK, () -> resource.prepare(xid));
            assertXa(XAException.XAER_NOTA, () -> resource.rollback(xid)); // already rolled back
            assertEquals(List.of(), drain(branch.out()));
            assertEquals(List.of("in-1"), drain(branch.in()));
        }

        @Test
        void aRollbackOnlyBranchAlsoRollsBackAtOnePhaseCommit() throws Exception {
            Queue out = fill("out");
            XASession session = xaConnect().createXASession();
            XAResource resource = session.getXAResource();
            Xid xid = newXid();
            resource.start(xid, XAResource.TMNOFLAGS);
            send(session, out, "out-1");
            resource.end(xid, XAResource.TMFAIL);
            assertXa(XAException.XA_RBROLLBACK, () -> resource.commit(xid, true));
            assertEquals(List.of(), drain(out));
        }

        // ------------------------------------------------------------------ error codes

        @Test
        void unknownXidsAreXaerNota() throws Exception {
            XAResource resource = xaResource();
            Xid unknown = newXid();
            assertXa(XAException.XAER_NOTA, () -> resource.prepare(unknown));
            assertXa(XAException.XAER_NOTA, () -> resource.commit(unknown, false));
            assertXa(XAException.XAER_NOTA, () -> resource.commit(unknown, true));
            assertXa(XAException.XAER_NOTA, () -> resource.rollback(unknown));
            assertXa(XAException.XAER_NOTA, () -> resource.forget(unknown));
            assertXa(XAException.XAER_NOTA, () -> resource.start(unknown, XAResource.TMJOIN));
            assertXa(XAException.XAER_NOTA, () -> resource.start(unknown, XAResource.TMRESUME));
            assertXa(XAException.XAER_NOTA, () -> resource.end(unknown, XAResource.TMSUCCESS));
        }

        @Test
        void startingAnExistingXidIsXaerDupid() throws Exception {
            XAConnection connection = xaConnect();
            XAResource first = connection.createXASession().getXAResource();
            XAResource second = xaResource();
            Xid xid = newXid();
            first.start(xid, XAResource.TMNOFLAGS);
            assertXa(XAException.XAER_DUPID, () -> second.start(xid, XAResource.TMNOFLAGS));
            first.end(xid, XAResource.TMSUCCESS);
            assertXa(XAException.XAER_DUPID, () -> first.start(xid, XAResource.TMNOFLAGS));
            first.rollback(xid);
        }

        @Test
        void callsOutOfOrderAreXaerProto() throws Exception {
            XAConnection connection = xaConnect();
            XASession session = connection.createXASession();
            XAResource resource = session.getXAResource();
            XAResource other = connection.createXASession().getXAResource();
            Xid xid = newXid();
            Xid otherXid = newXid();
            other.start(otherXid, XAResource.TMNOFLAGS);

            resource.start(xid, XAResource.TMNOFLAGS);
            assertXa(XAException.XAER_PROTO, () -> resource.start(newXid(), XAResource.TMNOFLAGS)); // already associated
            assertXa(XAException.XAER_PROTO, () -> resource.end(otherXid, XAResource.TMSUCCESS)); // not ours
            assertXa(XAException.XAER_PROTO, () -> resource.prepare(xid));       // still associated
            assertXa(XAException.XAER_PROTO, () -> resource.commit(xid, true)); // still associated
            assertXa(XAException.XAER_PROTO, () -> resource.rollback(xid));      // still associated
            assertXa(XAException.XAER_PROTO, () -> resource.start(xid, XAResource.TMRESUME)); // not suspended
            send(session, fill("out"), "work");
            resource.end(xid, XAResource.TMSUCCESS);
            assertXa(XAException.XAER_PROTO, () -> resource.end(xid, XAResource.TMSUCCESS)); // ended already
            assertXa(XAException.XAER_PROTO, () -> resource.commit(xid, false)); // two-phase without prepare
            assertXa(XAException.XAER_PROTO, () -> resource.forget(xid));        // never heuristic
            assertEquals(XAResource.XA_OK, resource.prepare(xid));
            assertXa(XAException.XAER_PROTO, () -> resource.prepare(xid));       // prepared already
            assertXa(XAException.XAER_PROTO, () -> resource.commit(xid, true)); // prepared: two phases
            assertXa(XAException.XAER_PROTO, () -> resource.start(xid, XAResource.TMJOIN)); // prepared
            resource.rollback(xid);
            other.end(otherXid, XAResource.TMSUCCESS);
            other.rollback(otherXid);
        }

        @Test
        void badFlagsAndMalformedXidsAreXaerInval() throws Exception {
            XAResource resource = xaResource();
            Xid xid = newXid();
            assertXa(XAException.XAER_INVAL, () -> resource.start(xid, XAResource.TMSUCCESS));
            assertXa(XAException.XAER_INVAL, () -> resource.recover(XAResource.TMJOIN));
            assertXa(XAException.XAER_INVAL, () -> resource.start(null, XAResource.TMNOFLAGS));
            assertXa(XAException.XAER_INVAL, () -> resource.prepare(null));
            Xid tooLong = new TmXid(1, new byte[Xid.MAXGTRIDSIZE + 1], new byte[1]);
            assertXa(XAException.XAER_INVAL, () -> resource.start(tooLong, XAResource.TMNOFLAGS));
            Xid longQualifier = new TmXid(1, new byte[1], new byte[Xid.MAXBQUALSIZE + 1]);
            assertXa(XAException.XAER_INVAL, () -> resource.commit(longQualifier, true));
            resource.start(xid, XAResource.TMNOFLAGS);
            assertXa(XAException.XAER_INVAL, () -> resource.end(xid, XAResource.TMJOIN));
            resource.end(xid, XAResource.TMSUCCESS);
            resource.rollback(xid);
        }

        // ------------------------------------------------------------------ association

        @Test
        void sessionsJoinAndSuspendAndResumeOneBranch() throws Exception {
            Queue out = fill("out");
            XASession first = xaConnect().createXASession();
            XASession second = xaConnect().createXASession(); // another connection: branches are broker-wide
            XAResource firstResource = first.getXAResource();
            XAResource secondResource = second.getXAResource();
            Xid xid = newXid();

            firstResource.start(xid, XAResource.TMNOFLAGS);
            send(first, out, "a");
            firstResource.end(xid, XAResource.TMSUSPEND);
            assertXa(XAException.XAER_PROTO, () -> firstResource.prepare(xid)); // suspended, not ended
            send(first, out, "outside"); // no branch: committed at once
            assertEquals(List.of("outside"), drain(out));

            firstResource.start(xid, XAResource.TMRESUME);
            send(first, out, "b");
            firstResource.end(xid, XAResource.TMSUCCESS);

            secondResource.start(xid, XAResource.TMJOIN);
            send(second, out, "c");
            secondResource.end(xid, XAResource.TMSUCCESS);

            assertEquals(XAResource.XA_OK, secondResource.prepare(xid));
            assertEquals(List.of(), drain(out));
            firstResource.commit(xid, false);
            assertEquals(Set.of("a", "b", "c"), new HashSet<>(drain(out)));
        }

        @Test
        void isSameRmIsTrueForOneBrokerAndFalseForAnother() throws Exception {
            XAResource one = xaResource();
            XAResource two = xaResource();
            assertTrue(one.isSameRM(two));
            assertTrue(two.isSameRM(one));
            assertTrue(one.isSameRM(one));
            try (LetterboxBroker other = LetterboxBroker.builder().port(0).start()) {
                XAConnection elsewhere = closeLater(new LetterboxXAConnectionFactory(other.tcpUrl()).createXAConnection());
                XAResource remote = elsewhere.createXASession().getXAResource();
                assertFalse(one.isSameRM(remote));
                assertFalse(remote.isSameRM(one));
                elsewhere.close();
            }
            assertFalse(one.isSameRM(null));
        }

        @Test
        void outsideABranchTheXaSessionCommitsEachSendAndReceiveAtOnce() throws Exception {
            Queue in = fill("in", "in-1");
            Queue out = fill("out");
            XAConnection connection = xaConnect();
            XASession session = connection.createXASession();
            assertTrue(session.getTransacted());
            assertEquals(Session.SESSION_TRANSACTED, session.getAcknowledgeMode());
            assertThrows(TransactionInProgressException.class, session::commit);
            assertThrows(TransactionInProgressException.class, session::rollback);

            send(session, out, "out-1");
            assertEquals(List.of("out-1"), drain(out));
            MessageConsumer consumer = session.createConsumer(in);
            assertEquals("in-1", receiveText(consumer));
            connection.close(); // a lost session would return what was not acknowledged
            assertEquals(List.of(), drain(in));
        }

        @Test
        void aBranchNotPreparedWithinItsTimeoutIsRolledBackAndSaysSo() throws Exception {
            Queue in = fill("in", "in-1");
            Queue out = fill("out");
            XASession session = xaConnect().createXASession();
            XAResource resource = session.getXAResource();
            assertEquals(0, resource.getTransactionTimeout());
            assertTrue(resource.setTransactionTimeout(1));
            assertEquals(1, resource.getTransactionTimeout());
            assertXa(XAException.XAER_INVAL, () -> resource.setTransactionTimeout(-1));
            MessageConsumer consumer = session.createConsumer(in);

            Xid ended = newXid();
            resource.start(ended, XAResource.TMNOFLAGS);
            assertEquals("in-1", receiveText(consumer));
            send(session, out, "out-1");
            resource.end(ended, XAResource.TMSUCCESS);
            consumer.close();
            Thread.sleep(1500);
            assertXa(XAException.XA_RBTIMEOUT, () -> resource.prepare(ended));
            assertXa(XAException.XAER_NOTA, () -> resource.rollback(ended)); // reported once
            assertEquals(List.of("in-1"), drain(in));
            assertEquals(List.of(), drain(out));

            Xid associated = newXid();
            resource.start(associated, XAResource.TMNOFLAGS);
            send(session, out, "out-2");
            Thread.sleep(1500);
            assertXa(XAException.XA_RBTIMEOUT, () -> resource.end(associated, XAResource.TMSUCCESS));
            assertXa(XAException.XA_RBTIMEOUT, () -> resource.rollback(associated));
            assertEquals(List.of(), drain(out));

            assertTrue(resource.setTransactionTimeout(0));
            Xid prepared = newXid();
            resource.start(prepared, XAResource.TMNOFLAGS);
            send(session, out, "out-3");
            resource.end(prepared, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_OK, resource.prepare(prepared));
            resource.commit(prepared, false);
            assertEquals(List.of("out-3"), drain(out));
        }

        // ------------------------------------------------------------------ connection loss and recovery

        @Test
        void closingTheConnectionRollsBackUnpreparedBranchesButKeepsPreparedOnes() throws Exception {
            Queue in = fill("in", "in-1", "in-2");
            Queue out = fill("out");
            XAConnection connection = xaConnect();
            XASession session = connection.createXASession();
            XAResource resource = session.getXAResource();
            MessageConsumer consumer = session.createConsumer(in);
            Xid unprepared = newXid();
            Xid prepared = newXid();

            resource.start(unprepared, XAResource.TMNOFLAGS);
            assertEquals("in-1", receiveText(consumer));
            send(session, out, "unprepared");
            resource.end(unprepared, XAResource.TMSUCCESS);
            resource.start(prepared, XAResource.TMNOFLAGS);
            assertEquals("in-2", receiveText(consumer));
            send(session, out, "prepared");
            resource.end(prepared, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_OK, resource.prepare(prepared));
            connection.close();

            XAResource recovering = xaResource();
            Xid[] found = recovering.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
            assertTrue(contains(found, prepared));
            assertFalse(contains(found, unprepared));
            assertEquals(0, recovering.recover(XAResource.TMNOFLAGS).length, "a scan returns everything at its start");
            assertEquals(0, recovering.recover(XAResource.TMENDRSCAN).length);
            assertXa(XAException.XAER_NOTA, () -> recovering.commit(unprepared, true));

            Connection plain = connect();
            MessageConsumer inConsumer = plain.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(in);
            receiveRedelivered(inConsumer, "in-1");
            assertNull(inConsumer.receive(300), "a prepared branch's consumed message stays held");
            assertEquals(List.of(), drain(out));

            recovering.commit(found[indexOf(found, prepared)], false);
            assertEquals(List.of("prepared"), drain(out));
            assertNull(inConsumer.receive(300), "a committed branch's consumed message never comes back");
            assertFalse(contains(recovering.recover(XAResource.TMSTARTRSCAN), prepared));
        }

        private static int indexOf(Xid[] xids, Xid xid) {
            for (int i = 0; i < xids.length; i++) {
                if (WireXid.of(xids[i]).equals(WireXid.of(xid))) {
                    return i;
                }
            }
            return -1;
        }

        // ------------------------------------------------------------------ simplified API

        @Test
        void anXaJmsContextWorksInABranch() throws Exception {
            Queue in = fill("in", "in-1");
            Queue out = fill("out");
            LetterboxXAConnectionFactory factory = new LetterboxXAConnectionFactory(url());
            try (XAJMSContext context = factory.createXAContext()) {
                assertTrue(context.getTransacted());
                assertEquals(Session.SESSION_TRANSACTED, context.getSessionMode());
                assertSame(context, context.getContext());
                assertThrows(TransactionInProgressRuntimeException.class, context::commit);
                assertThrows(TransactionInProgressRuntimeException.class, context::rollback);
                XAResource resource = context.getXAResource();
                Xid xid = newXid();
                JMSConsumer consumer = context.createConsumer(in);
                resource.start(xid, XAResource.TMNOFLAGS);
                assertEquals("in-1", consumer.receiveBody(String.class, 5000));
                context.createProducer().send(out, "out-1");
                resource.end(xid, XAResource.TMSUCCESS);
                assertEquals(List.of(), drain(out));
                assertEquals(XAResource.XA_OK, resource.prepare(xid));
                resource.commit(xid, false);
                assertEquals(List.of("out-1"), drain(out));
                consumer.close();
            }
            assertEquals(List.of(), drain(in));
        }
    }
}
