package org.letterbox.server.it;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Topic semantics: fan-out, noLocal, durable and shared subscriptions, unsubscribe rules. */
class TopicDeliveryTest {

    @Nested
    class OverTcp extends Spec {
        protected Transport transport() { return Transport.TCP; }
    }

    @Nested
    class OverVm extends Spec {
        protected Transport transport() { return Transport.VM; }
    }

    abstract static class Spec extends BrokerTestSupport {

        @Test
        void everySubscriberGetsEveryMessage() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic(unique("fan"));
            MessageConsumer a = session.createConsumer(topic);
            MessageConsumer b = connect().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(topic);
            MessageProducer producer = session.createProducer(topic);
            for (int i = 0; i < 50; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
            for (MessageConsumer c : new MessageConsumer[]{a, b}) {
                for (int i = 0; i < 50; i++) {
                    assertEquals("m" + i, ((TextMessage) c.receive(5000)).getText());
                }
                assertNull(c.receive(100));
            }
        }

        @Test
        void messagesPublishedBeforeSubscribingAreNotReceived() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic(unique("late"));
            session.createProducer(topic).send(session.createTextMessage("before"));
            MessageConsumer consumer = session.createConsumer(topic);
            assertNull(consumer.receive(200));
        }

        @Test
        void noLocalSubscriberIgnoresItsOwnConnectionsMessages() throws Exception {
            Connection mine = connect();
            Session session = mine.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic(unique("nolocal"));
            MessageConsumer noLocal = session.createConsumer(topic, null, true);
            session.createProducer(topic).send(session.createTextMessage("own"));
            Session other = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            other.createProducer(topic).send(other.createTextMessage("foreign"));
            assertEquals("foreign", ((TextMessage) noLocal.receive(5000)).getText());
            assertNull(noLocal.receive(200));
        }

        @Test
        void durableSubscriptionKeepsMessagesWhileOffline() throws Exception {
            String clientId = unique("cid");
            Connection first = factory().createConnection();
            first.setClientID(clientId);
            started(first);
            Session session = first.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic(unique("durable"));
            MessageConsumer subscriber = session.createDurableSubscriber(topic, "sub");
            subscriber.close();
            Session publisher = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = publisher.createProducer(topic);
            for (int i = 0; i < 5; i++) {
                producer.send(publisher.createTextMessage("m" + i));
            }
            first.close();

            Connection second = factory().createConnection();
            second.setClientID(clientId);
            started(second);
            Session again = second.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer resumed = again.createDurableConsumer(topic, "sub");
            for (int i = 0; i < 5; i++) {
                assertEquals("m" + i, ((TextMessage) resumed.receive(5000)).getText());
            }
            resumed.close();
            again.unsubscribe("sub");
            assertThrows(InvalidDestinationException.class, () -> again.unsubscribe("sub"));
        }

        @Test
        void unsubscribeWithAnActiveConsumerFails() throws Exception {
            Connection connection = factory().createConnection();
            connection.setClientID(unique("cid"));
            started(connection);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic(unique("active"));
            MessageConsumer consumer = session.createDurableConsumer(topic, "busy");
            JMSException e = assertThrows(JMSException.class, () -> session.unsubscribe("busy"));
            assertFalse(e instanceof InvalidDestinationException);
            consumer.close();
            session.unsubscribe("busy");
        }

        @Test
        void unsharedDurableSubscriptionNeedsAClientId() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic(unique("noid"));
            assertThrows(IllegalStateException.class, () -> session.createDurableConsumer(topic, "x"));
        }

        @Test
        void secondConsumerOnUnsharedDurableSubscriptionIsRefused() throws Exception {
            Connection connection = factory().createConnection();
            connection.setClientID(unique("cid"));
            started(connection);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic(unique("one"));
            session.createDurableConsumer(topic, "only");
            assertThrows(JMSException.class, () -> session.createDurableConsumer(topic, "only"));
        }

        @Test
        void sharedSubscriptionSplitsMessagesAmongItsConsumers() throws Exception {
            Session s1 = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session s2 = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = s1.createTopic(unique("shared"));
            MessageConsumer c1 = s1.createSharedConsumer(topic, "workers");
            MessageConsumer c2 = s2.createSharedConsumer(topic, "workers");
            MessageConsumer everything = s1.createConsumer(topic);
            MessageProducer producer = s1.createProducer(topic);
            for (int i = 0; i < 40; i++) {
                producer.send(s1.createTextMessage("m" + i));
            }
            Set<String> seen = new HashSet<>();
            for (MessageConsumer c : new MessageConsumer[]{c1, c2}) {
                TextMessage m;
                while ((m = (TextMessage) c.receive(300)) != null) {
                    assertTrue(seen.add(m.getText()), "duplicate " + m.getText());
                }
            }
            assertEquals(40, seen.size(), "the shared subscription as a whole gets every message once");
            for (int i = 0; i < 40; i++) {
                assertNotNull(everything.receive(5000), "the private subscription gets its own copy");
            }
        }

        @Test
        void sharedDurableSubscriptionOutlivesItsConsumers() throws Exception {
            Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic(unique("shdur"));
            session.createSharedDurableConsumer(topic, "keep").close();
            session.createProducer(topic).send(session.createTextMessage("kept"));
            MessageConsumer back = session.createSharedDurableConsumer(topic, "keep");
            assertEquals("kept", ((TextMessage) back.receive(5000)).getText());
            back.close();
            session.unsubscribe("keep");
        }

        @Test
        void durableSubscriptionWithChangedSelectorStartsAfresh() throws Exception {
            Connection connection = factory().createConnection();
            connection.setClientID(unique("cid"));
            started(connection);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic(unique("change"));
            session.createDurableConsumer(topic, "s").close();
            session.createProducer(topic).send(session.createTextMessage("old"));
            MessageConsumer changed = session.createDurableConsumer(topic, "s", "x = 1", false);
            assertNull(changed.receive(200), "a new selector means a new, empty subscription");
            changed.close();
            session.unsubscribe("s");
        }
    }
}
