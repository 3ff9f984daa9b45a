package org.letterbox.server.it;

import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.letterbox.client.LetterboxQueueBrowser;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * QueueBrowser: each getEnumeration browses the queue as it is at that call (javadoc: "the current queue messages"),
 * enumerations are independent snapshots, the errors the API assigns to createBrowser are thrown there, and the
 * snapshots the broker holds for a browser are given back.
 */
class QueueBrowserTest {

    @Nested
    class OverTcp extends Spec {
        protected Transport transport() { return Transport.TCP; }
    }

    @Nested
    class OverVm extends Spec {
        protected Transport transport() { return Transport.VM; }
    }

    abstract static class Spec extends BrokerTestSupport {
        private Session session;
        private Queue queue;
        private MessageProducer producer;

        private void openQueue() throws JMSException {
            session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            queue = session.createQueue(unique("q"));
            producer = session.createProducer(queue);
        }

        private void send(String... texts) throws JMSException {
            for (String text : texts) {
                producer.send(session.createTextMessage(text));
            }
        }

        private static List<String> rest(Enumeration<?> messages) throws JMSException {
            List<String> texts = new ArrayList<>();
            while (messages.hasMoreElements()) {
                texts.add(((TextMessage) messages.nextElement()).getText());
            }
            return texts;
        }

        @Test
        void aBrowserCreatedBeforeTheSendsSeesThemInAnEnumerationTakenAfter() throws Exception {
            openQueue();
            QueueBrowser browser = session.createBrowser(queue);
            send("a", "b");
            assertEquals(List.of("a", "b"), rest(browser.getEnumeration()));
        }

        /** More messages than one batch, so the first enumeration goes back to the broker after the second one. */
        @Test
        void eachEnumerationIsAnIndependentSnapshotTakenWhenItIsObtained() throws Exception {
            openQueue();
            List<String> sent = texts(0, 150);
            send(sent.toArray(String[]::new));
            QueueBrowser browser = session.createBrowser(queue);
            Enumeration<?> first = browser.getEnumeration();
            assertEquals("m0", ((TextMessage) first.nextElement()).getText());
            send("late");
            Enumeration<?> second = browser.getEnumeration();
            List<String> now = new ArrayList<>(sent);
            now.add("late");
            assertEquals(now, rest(second), "the second sees the queue as it is now, from its head");
            assertEquals(texts(1, 150), rest(first), "the first goes on over its own snapshot, to its end");
            assertEquals(now, rest(browser.getEnumeration()), "browsing took nothing away");
        }

        private static List<String> texts(int from, int to) {
            List<String> texts = new ArrayList<>();
            for (int n = from; n < to; n++) {
                texts.add("m" + n);
            }
            return texts;
        }

        @Test
        void anInvalidSelectorFailsAtCreateBrowser() throws Exception {
            openQueue();
            assertThrows(InvalidSelectorException.class, () -> session.createBrowser(queue, "a = "));
        }

        /** Another connection's deleted temporary queue: only the broker knows it is gone. */
        @Test
        void aQueueTheBrokerNoLongerHasFailsAtCreateBrowser() throws Exception {
            Connection owner = connect();
            TemporaryQueue gone = owner.createSession(false, Session.AUTO_ACKNOWLEDGE).createTemporaryQueue();
            gone.delete();
            Session other = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(InvalidDestinationException.class, () -> other.createBrowser(gone));
        }

        @Test
        void anEnumerationWalkedToItsEndGivesBackItsSnapshot() throws Exception {
            openQueue();
            send("a");
            int before = broker.openBrowseCursors();
            QueueBrowser browser = session.createBrowser(queue);
            assertEquals(before, broker.openBrowseCursors(), "no snapshot before getEnumeration");
            Enumeration<?> messages = browser.getEnumeration();
            assertEquals(before + 1, broker.openBrowseCursors());
            assertEquals(List.of("a"), rest(messages));
            assertEquals(before, broker.openBrowseCursors());
        }

        @Test
        void closingTheBrowserOrItsSessionGivesBackTheSnapshotsOfUnfinishedEnumerations() throws Exception {
            openQueue();
            send("a");
            int before = broker.openBrowseCursors();
            QueueBrowser browser = session.createBrowser(queue);
            browser.getEnumeration();
            browser.getEnumeration();
            assertEquals(before + 2, broker.openBrowseCursors());
            browser.close();
            assertEquals(before, broker.openBrowseCursors());

            session.createBrowser(queue).getEnumeration();
            assertEquals(before + 1, broker.openBrowseCursors());
            session.close();
            assertEquals(before, broker.openBrowseCursors(), "the broker keeps snapshots per connection, not session");
        }

        @Test
        void takingMoreUnfinishedEnumerationsThanTheLimitEndsTheOldest() throws Exception {
            openQueue();
            send("a");
            int before = broker.openBrowseCursors();
            QueueBrowser browser = session.createBrowser(queue);
            List<Enumeration<?>> enumerations = new ArrayList<>();
            for (int i = 0; i <= LetterboxQueueBrowser.MAX_OPEN_ENUMERATIONS; i++) {
                enumerations.add(browser.getEnumeration());
            }
            assertEquals(before + LetterboxQueueBrowser.MAX_OPEN_ENUMERATIONS, broker.openBrowseCursors());
            assertFalse(enumerations.get(0).hasMoreElements(), "the oldest was closed");
            for (Enumeration<?> later : enumerations.subList(1, enumerations.size())) {
                assertEquals(List.of("a"), rest(later));
            }
        }
    }
}
