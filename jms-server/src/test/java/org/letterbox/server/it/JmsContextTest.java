package org.letterbox.server.it;

import jakarta.jms.CompletionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** The simplified API: JMSContext, JMSProducer, JMSConsumer and their runtime exceptions. */
class JmsContextTest {

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
        void sendsAndReceivesBodiesDirectly() {
            try (JMSContext context = factory().createContext()) {
                Queue queue = context.createQueue(unique("bodies"));
                JMSConsumer consumer = context.createConsumer(queue);
                context.createProducer().setProperty("k", 1).send(queue, "text");
                context.createProducer().send(queue, Map.of("a", 1));
                context.createProducer().send(queue, new byte[]{1, 2});
                assertEquals("text", consumer.receiveBody(String.class, 5000));
                assertEquals(Map.of("a", 1), consumer.receiveBody(Map.class, 5000));
                assertArrayEquals(new byte[]{1, 2}, consumer.receiveBody(byte[].class, 5000));
            }
        }

        @Test
        void receiveBodyOfTheWrongTypeThrowsAndLeavesTheMessage() {
            try (JMSContext context = factory().createContext()) {
                Queue queue = context.createQueue(unique("wrongbody"));
                JMSConsumer consumer = context.createConsumer(queue);
                context.createProducer().send(queue, "text");
                assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Map.class, 5000));
                assertEquals("text", consumer.receiveBody(String.class, 5000));
            }
        }

        /**
         * JMSConsumer.receiveBody javadoc: in AUTO/DUPS_OK a refused body is as if the call had not happened, so the
         * message is not acknowledged and survives the context closing (and comes back not flagged redelivered).
         */
        @Test
        void aBodyRefusedByReceiveBodyIsNotAcknowledgedAndSurvivesClose() throws Exception {
            for (int mode : new int[]{JMSContext.AUTO_ACKNOWLEDGE, JMSContext.DUPS_OK_ACKNOWLEDGE}) {
                Queue queue;
                try (JMSContext context = factory().createContext(mode)) {
                    queue = context.createQueue(unique("refused" + mode));
                    JMSConsumer consumer = context.createConsumer(queue);
                    context.createProducer().send(queue, "text");
                    assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Map.class, 5000));
                    assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBodyNoWait(Long.class));
                }
                try (JMSContext context = factory().createContext()) {
                    Message again = context.createConsumer(queue).receive(5000);
                    assertNotNull(again, "the refused message was lost (mode " + mode + ")");
                    assertEquals("text", again.getBody(String.class));
                    assertFalse(again.getJMSRedelivered());
                    assertEquals(1, again.getIntProperty("JMSXDeliveryCount"));
                }
            }
        }

        @Test
        void contextsCreatedFromAContextShareItsConnection() {
            try (JMSContext first = factory().createContext()) {
                Topic topic = first.createTopic(unique("shared-conn"));
                try (JMSContext second = first.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
                    JMSConsumer consumer = second.createConsumer(topic);
                    first.createProducer().send(topic, "to sibling");
                    assertEquals("to sibling", consumer.receiveBody(String.class, 5000));
                }
                first.createProducer().send(first.createQueue(unique("after")), "still open");
            }
        }

        @Test
        void transactedContextCommitsAndRollsBack() {
            try (JMSContext context = factory().createContext(JMSContext.SESSION_TRANSACTED)) {
                Queue queue = context.createQueue(unique("ctxtx"));
                context.createProducer().send(queue, "rolled back");
                context.rollback();
                context.createProducer().send(queue, "committed");
                context.commit();
                JMSConsumer consumer = context.createConsumer(queue);
                assertEquals("committed", consumer.receiveBody(String.class, 5000));
                context.commit();
                assertNull(consumer.receiveNoWait());
            }
        }

        @Test
        void asyncSendCompletesThroughTheListener() throws Exception {
            try (JMSContext context = factory().createContext()) {
                Queue queue = context.createQueue(unique("async"));
                CountDownLatch done = new CountDownLatch(1);
                AtomicReference<Message> completed = new AtomicReference<>();
                context.createProducer().setAsync(new CompletionListener() {
                    @Override
                    public void onCompletion(Message message) {
                        completed.set(message);
                        done.countDown();
                    }

                    @Override
                    public void onException(Message message, Exception exception) {
                        done.countDown();
                    }
                }).send(queue, "async body");
                assertTrue(done.await(5, TimeUnit.SECONDS));
                assertNotNull(completed.get());
                assertEquals("async body", context.createConsumer(queue).receiveBody(String.class, 5000));
            }
        }

        @Test
        void badSelectorAndClosedContextThrowRuntimeExceptions() {
            JMSContext context = factory().createContext();
            Queue queue = context.createQueue(unique("rt"));
            assertThrows(InvalidSelectorRuntimeException.class, () -> context.createConsumer(queue, "= 1"));
            context.close();
            assertThrows(IllegalStateRuntimeException.class, () -> context.createConsumer(queue));
            context.close();
        }

        @Test
        void clientAcknowledgeThroughTheContext() {
            String name = unique("ctxack");
            try (JMSContext context = factory().createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
                Queue queue = context.createQueue(name);
                context.createProducer().send(queue, "one").send(queue, "two");
                JMSConsumer consumer = context.createConsumer(queue);
                assertNotNull(consumer.receive(5000));
                assertNotNull(consumer.receive(5000));
                context.acknowledge();
            }
            try (JMSContext context = factory().createContext()) {
                assertNull(context.createConsumer(context.createQueue(name)).receive(300));
            }
        }
    }
}
