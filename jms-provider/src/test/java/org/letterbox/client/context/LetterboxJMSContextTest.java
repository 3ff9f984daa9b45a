package org.letterbox.client.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The JMSContext/JMSProducer/JMSConsumer rules that can be checked against a fake classic layer
 * ({@link FakeClassicJms}); end-to-end behaviour against the broker is tested elsewhere.
 */
class LetterboxJMSContextTest {

    private final FakeClassicJms fake = new FakeClassicJms();

    private LetterboxJMSContext open(int mode) {
        return LetterboxJMSContext.create(fake::connection, mode);
    }

    // ------------------------------------------------------------------------------------------------ creation

    @Test
    void anInvalidSessionModeIsRefusedBeforeAnyConnectionIsOpened() {
        AtomicBoolean opened = new AtomicBoolean();
        for (int mode : new int[]{-1, 4, 99}) {
            assertThrows(JMSRuntimeException.class, () -> LetterboxJMSContext.create(() -> {
                opened.set(true);
                return fake.connection();
            }, mode));
        }
        assertFalse(opened.get());
    }

    @Test
    void openingFailuresAreMappedToRuntimeExceptions() {
        assertThrows(JMSSecurityRuntimeException.class, () -> LetterboxJMSContext.create(() -> {
            throw new JMSSecurityException("bad credentials");
        }, JMSContext.AUTO_ACKNOWLEDGE));
        JMSRuntimeException e = assertThrows(JMSRuntimeException.class,
                () -> LetterboxJMSContext.create(() -> {
                    throw new java.io.IOException("refused");
                }, JMSContext.AUTO_ACKNOWLEDGE));
        assertInstanceOf(java.io.IOException.class, e.getCause());
        assertThrows(JMSRuntimeException.class,
                () -> LetterboxJMSContext.create(() -> null, JMSContext.AUTO_ACKNOWLEDGE));
    }

    @Test
    void sessionModeAndTransactedReflectTheCreationMode() {
        int[] modes = {JMSContext.SESSION_TRANSACTED, JMSContext.AUTO_ACKNOWLEDGE, JMSContext.CLIENT_ACKNOWLEDGE,
                JMSContext.DUPS_OK_ACKNOWLEDGE};
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            for (int mode : modes) {
                try (JMSContext child = context.createContext(mode)) {
                    assertEquals(mode, child.getSessionMode());
                    assertEquals(mode == JMSContext.SESSION_TRANSACTED, child.getTransacted());
                }
            }
            assertThrows(JMSRuntimeException.class, () -> context.createContext(7));
        }
    }

    @Test
    void theSessionIsCreatedLazilyWithTheContextsMode() {
        try (JMSContext context = open(JMSContext.CLIENT_ACKNOWLEDGE)) {
            context.getClientID();
            context.getMetaData();
            context.getSessionMode();
            context.createProducer();
            assertFalse(fake.calls.stream().anyMatch(c -> c.startsWith("createSession")));
            context.createTextMessage("x");
            context.createMapMessage();
            assertEquals(1, fake.calls.stream().filter(c -> c.startsWith("createSession")).count());
            assertTrue(fake.calls.contains("createSession(" + JMSContext.CLIENT_ACKNOWLEDGE + ")"));
        }
    }

    // ------------------------------------------------------------------------------------------------ client ID

    @Test
    void setClientIDWorksRightAfterCreationAndOnlyOnce() {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            context.getClientID();
            context.setClientID("cid");
            assertEquals("cid", context.getClientID());
            assertThrows(IllegalStateRuntimeException.class, () -> context.setClientID("other"));
        }
    }

    @Test
    void setClientIDIsRefusedAfterTheContextWasUsed() {
        List<java.util.function.Consumer<JMSContext>> uses = List.of(
                JMSContext::createProducer,
                c -> c.createConsumer(fake.queue("q")),
                c -> c.createTextMessage(),
                c -> c.createQueue("q"),
                JMSContext::start,
                JMSContext::stop,
                JMSContext::acknowledge);
        for (var use : uses) {
            try (JMSContext context = LetterboxJMSContext.create(new FakeClassicJms()::connection,
                    JMSContext.AUTO_ACKNOWLEDGE)) {
                use.accept(context);
                assertThrows(IllegalStateRuntimeException.class, () -> context.setClientID("late"));
            }
        }
    }

    @Test
    void setClientIDIsRefusedOnceASiblingContextUsedTheConnection() {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE);
             JMSContext sibling = context.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            sibling.createProducer();
            assertThrows(IllegalStateRuntimeException.class, () -> context.setClientID("late"));
        }
    }

    @Test
    void setClientIDStillWorksAfterCreatingAnUnusedSibling() {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            JMSContext sibling = context.createContext(JMSContext.CLIENT_ACKNOWLEDGE);
            context.setClientID("cid");
            assertEquals("cid", sibling.getClientID());
            sibling.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    @Test
    void theConnectionClosesWhenTheLastContextSharingItCloses() {
        JMSContext first = open(JMSContext.AUTO_ACKNOWLEDGE);
        JMSContext second = first.createContext(JMSContext.SESSION_TRANSACTED);
        JMSContext third = second.createContext(JMSContext.CLIENT_ACKNOWLEDGE);
        first.close();
        assertFalse(fake.connectionClosed);
        assertDoesNotThrow(() -> second.createTextMessage("still usable"));
        third.close();
        assertFalse(fake.connectionClosed);
        second.close();
        assertTrue(fake.connectionClosed);
    }

    @Test
    void createContextOnAClosedContextThrowsIllegalStateRuntimeException() {
        JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE);
        JMSContext sibling = context.createContext(JMSContext.AUTO_ACKNOWLEDGE);
        context.close();
        assertThrows(IllegalStateRuntimeException.class, () -> context.createContext(JMSContext.AUTO_ACKNOWLEDGE));
        sibling.createContext(JMSContext.AUTO_ACKNOWLEDGE).close();
        sibling.close();
    }

    @Test
    void closeIsIdempotentAndClosesTheSessionThenTheConnection() {
        JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE);
        context.createTextMessage();
        context.close();
        context.close();
        assertEquals(List.of("session.close", "connection.close"),
                fake.calls.stream().filter(c -> c.endsWith("close")).toList());
    }

    @Test
    void everyMethodButCloseThrowsIllegalStateRuntimeExceptionOnceClosed() {
        JMSContext context = open(JMSContext.CLIENT_ACKNOWLEDGE);
        Queue queue = fake.queue("q");
        context.close();
        List<Executable> calls = new ArrayList<>(List.of(
                () -> context.createContext(JMSContext.AUTO_ACKNOWLEDGE), context::createProducer,
                context::getClientID, () -> context.setClientID("x"), context::getMetaData,
                context::getExceptionListener, () -> context.setExceptionListener(null), context::start,
                context::stop, () -> context.setAutoStart(false), context::getAutoStart,
                context::createBytesMessage, context::createMapMessage, context::createMessage,
                context::createObjectMessage, () -> context.createObjectMessage("x"), context::createStreamMessage,
                context::createTextMessage, () -> context.createTextMessage("x"), context::getTransacted,
                context::getSessionMode, context::commit, context::rollback, context::recover,
                () -> context.createConsumer(queue), () -> context.createConsumer(queue, "a = 1"),
                () -> context.createConsumer(queue, "a = 1", false), () -> context.createQueue("q"),
                () -> context.createTopic("t"), () -> context.createDurableConsumer(null, "s"),
                () -> context.createSharedConsumer(null, "s"), () -> context.createSharedDurableConsumer(null, "s"),
                () -> context.createBrowser(queue), () -> context.createBrowser(queue, "a = 1"),
                context::createTemporaryQueue, context::createTemporaryTopic, () -> context.unsubscribe("s"),
                context::acknowledge));
        for (Executable call : calls) {
            assertThrows(IllegalStateRuntimeException.class, call);
        }
        assertDoesNotThrow(context::close);
    }

    @Test
    void creatingAConsumerStartsTheConnectionUnlessAutoStartIsOff() {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            assertTrue(context.getAutoStart());
            context.setAutoStart(false);
            assertFalse(context.getAutoStart());
            context.createConsumer(fake.queue("q"));
            assertFalse(fake.calls.contains("start"));
            context.setAutoStart(true);
            context.createConsumer(fake.queue("q"));
            assertTrue(fake.calls.contains("start"));
        }
    }

    @Test
    void theExceptionListenerIsTheConnections() {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            jakarta.jms.ExceptionListener listener = e -> { };
            context.setExceptionListener(listener);
            assertSame(listener, context.getExceptionListener());
            context.setExceptionListener(null);
            assertNull(context.getExceptionListener());
        }
    }

    @Test
    void nullDestinationsAreInvalid() {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            assertThrows(InvalidDestinationRuntimeException.class, () -> context.createConsumer(null));
            assertThrows(InvalidDestinationRuntimeException.class, () -> context.createConsumer(null, "a = 1"));
            assertThrows(InvalidDestinationRuntimeException.class, () -> context.createDurableConsumer(null, "s"));
            assertThrows(InvalidDestinationRuntimeException.class,
                    () -> context.createSharedConsumer(null, "s", null));
            assertThrows(InvalidDestinationRuntimeException.class,
                    () -> context.createSharedDurableConsumer(null, "s"));
            assertThrows(InvalidDestinationRuntimeException.class, () -> context.createBrowser(null));
        }
    }

    // ------------------------------------------------------------------------------------------------ transactions

    @Test
    void commitAndRollbackNeedATransactedContextAndRecoverANonTransactedOne() {
        try (JMSContext auto = open(JMSContext.AUTO_ACKNOWLEDGE);
             JMSContext tx = auto.createContext(JMSContext.SESSION_TRANSACTED)) {
            assertThrows(IllegalStateRuntimeException.class, auto::commit);
            assertThrows(IllegalStateRuntimeException.class, auto::rollback);
            assertThrows(IllegalStateRuntimeException.class, tx::recover);
            tx.commit();
            tx.rollback();
            auto.recover();
            assertTrue(fake.calls.containsAll(List.of("commit", "rollback", "recover")));
        }
    }

    @Test
    void acknowledgeAcknowledgesTheMostRecentlyDeliveredMessageInClientMode() {
        try (JMSContext context = open(JMSContext.CLIENT_ACKNOWLEDGE)) {
            context.acknowledge(); // nothing consumed: no effect
            Queue queue = fake.queue("q");
            JMSConsumer consumer = context.createConsumer(queue);
            JMSProducer producer = context.createProducer();
            producer.send(queue, "one").send(queue, "two");
            consumer.receive();
            Message second = consumer.receiveNoWait();
            context.acknowledge();
            assertEquals(List.of(second), fake.acknowledged);
            context.acknowledge(); // already acknowledged: nothing new to do
            assertEquals(1, fake.acknowledged.size());
        }
    }

    @Test
    void acknowledgeHasNoEffectOutsideClientMode() {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            Queue queue = fake.queue("q");
            JMSConsumer consumer = context.createConsumer(queue);
            context.createProducer().send(queue, "one");
            consumer.receive();
            context.acknowledge();
            assertTrue(fake.acknowledged.isEmpty());
        }
    }

    // ------------------------------------------------------------------------------------------------ producer

    @Test
    void sendAppliesOptionsPropertiesAndHeadersToTheMessage() {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            Queue queue = fake.queue("q");
            Queue replyTo = fake.queue("reply");
            JMSProducer producer = context.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT)
                    .setPriority(7).setTimeToLive(5000).setDeliveryDelay(20).setDisableMessageID(true)
                    .setDisableMessageTimestamp(true).setProperty("color", "red").setProperty("n", 3)
                    .setJMSCorrelationID("corr").setJMSType("type").setJMSReplyTo(replyTo);
            TextMessage message = context.createTextMessage("hello");
            message.setStringProperty("color", "blue");
            message.setJMSType("overridden");
            producer.send(queue, message);

            FakeClassicJms.Sent sent = fake.sent.get(0);
            assertSame(queue, sent.destination());
            assertSame(message, sent.message());
            assertEquals(DeliveryMode.NON_PERSISTENT, sent.deliveryMode());
            assertEquals(7, sent.priority());
            assertEquals(5000, sent.timeToLive());
            assertEquals(20, sent.deliveryDelay());
            assertTrue(sent.disableMessageId());
            assertTrue(sent.disableTimestamp());
            assertFalse(sent.async());
            assertEquals("red", message.getStringProperty("color"));
            assertEquals(3, message.getObjectProperty("n"));
            assertEquals("corr", message.getJMSCorrelationID());
            assertEquals("type", message.getJMSType());
            assertSame(replyTo, message.getJMSReplyTo());
        } catch (jakarta.jms.JMSException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void headersNotSetOnTheProducerAreLeftAlone() throws Exception {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            TextMessage message = context.createTextMessage("hello");
            message.setJMSType("mine");
            message.setJMSCorrelationID("mine");
            context.createProducer().send(fake.queue("q"), message);
            assertEquals("mine", message.getJMSType());
            assertEquals("mine", message.getJMSCorrelationID());
        }
    }

    @Test
    void correlationIdBytesAreAppliedAsBytes() throws Exception {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            TextMessage message = context.createTextMessage("hello");
            context.createProducer().setJMSCorrelationIDAsBytes(new byte[]{1, 2}).send(fake.queue("q"), message);
            assertArrayEquals(new byte[]{1, 2}, message.getJMSCorrelationIDAsBytes());
        }
    }

    @Test
    void bodySendsCreateTheMatchingMessageType() throws Exception {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            Queue queue = fake.queue("q");
            JMSProducer producer = context.createProducer().setProperty("p", 1);
            Map<String, Object> map = new HashMap<>();
            map.put("k", "v");
            producer.send(queue, "text").send(queue, map).send(queue, new byte[]{1, 2})
                    .send(queue, (Serializable) Integer.valueOf(5));
            assertEquals("text", ((TextMessage) fake.sent.get(0).message()).getText());
            assertEquals(Map.of("k", "v"), fake.sent.get(1).message().getBody(Map.class));
            assertArrayEquals(new byte[]{1, 2}, fake.sent.get(2).message().getBody(byte[].class));
            assertEquals(5, ((ObjectMessage) fake.sent.get(3).message()).getObject());
            for (FakeClassicJms.Sent sent : fake.sent) {
                assertEquals(1, sent.message().getObjectProperty("p"));
            }
        }
    }

    @Test
    void nullBodiesSendEmptyMessagesOfTheRightType() throws Exception {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            Queue queue = fake.queue("q");
            context.createProducer().send(queue, (String) null).send(queue, (Map<String, Object>) null)
                    .send(queue, (byte[]) null).send(queue, (Serializable) null);
            assertInstanceOf(TextMessage.class, fake.sent.get(0).message());
            assertNull(((TextMessage) fake.sent.get(0).message()).getText());
            assertInstanceOf(MapMessage.class, fake.sent.get(1).message());
            assertInstanceOf(BytesMessage.class, fake.sent.get(2).message());
            assertInstanceOf(ObjectMessage.class, fake.sent.get(3).message());
        }
    }

    @Test
    void sendExceptionsAreTheSpecifiedRuntimeExceptions() throws Exception {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            Queue queue = fake.queue("q");
            JMSProducer producer = context.createProducer();
            assertThrows(MessageFormatRuntimeException.class, () -> producer.send(queue, (Message) null));
            assertThrows(InvalidDestinationRuntimeException.class,
                    () -> producer.send(null, context.createTextMessage("x")));
            assertThrows(InvalidDestinationRuntimeException.class, () -> producer.send(null, "x"));
            assertThrows(InvalidDestinationRuntimeException.class, () -> producer.send(null, new byte[0]));
            assertThrows(InvalidDestinationRuntimeException.class, () -> producer.send(null, Map.of()));
            assertThrows(InvalidDestinationRuntimeException.class, () -> producer.send(null, (Serializable) 1));
            Map<String, Object> bad = new HashMap<>();
            bad.put("list", new ArrayList<>());
            assertThrows(MessageFormatRuntimeException.class, () -> producer.send(queue, bad));

            TextMessage received = context.createTextMessage("x");
            received.setStringProperty(FakeClassicJms.READ_ONLY_MARKER, "");
            assertDoesNotThrow(() -> producer.send(queue, received)); // no producer properties: nothing to write
            producer.setProperty("p", 1);
            assertThrows(MessageNotWriteableRuntimeException.class, () -> producer.send(queue, received));
            assertTrue(fake.sent.size() == 1);
        }
    }

    @Test
    void closeCommitAndRollbackFromTheContextsOwnCompletionListenerThrowIllegalStateRuntimeException()
            throws Exception {
        try (JMSContext context = open(JMSContext.SESSION_TRANSACTED)) {
            List<Class<?>> outcomes = new ArrayList<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            context.createProducer().setAsync(new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    for (Runnable r : List.<Runnable>of(context::close, context::commit, context::rollback)) {
                        try {
                            r.run();
                            outcomes.add(null);
                        } catch (RuntimeException e) {
                            outcomes.add(e.getClass());
                        }
                    }
                    done.complete(null);
                }

                @Override
                public void onException(Message message, Exception exception) {
                    done.completeExceptionally(exception);
                }
            }).send(fake.queue("q"), "async");
            done.get(10, TimeUnit.SECONDS);
            assertTrue(fake.sent.get(0).async());
            assertEquals(List.of(IllegalStateRuntimeException.class, IllegalStateRuntimeException.class,
                    IllegalStateRuntimeException.class), outcomes);
            context.commit(); // still open and usable outside the callback
        }
    }

    // ------------------------------------------------------------------------------------------------ consumer

    @Test
    void closeAndStopFromAMessageListenerThrowIllegalStateRuntimeExceptionButConsumerCloseIsAllowed() {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            JMSContext sibling = context.createContext(JMSContext.AUTO_ACKNOWLEDGE);
            LetterboxJMSConsumer consumer = (LetterboxJMSConsumer) context.createConsumer(fake.queue("q"));
            List<Class<?>> outcomes = new ArrayList<>();
            MessageListener listener = m -> {
                for (Runnable r : List.<Runnable>of(context::close, context::stop, sibling::stop, consumer::close)) {
                    try {
                        r.run();
                        outcomes.add(null);
                    } catch (RuntimeException e) {
                        outcomes.add(e.getClass());
                    }
                }
            };
            consumer.setMessageListener(listener);
            MessageListener installed = LetterboxJMSContext.call(consumer.classicConsumer()::getMessageListener);
            installed.onMessage(context.createTextMessage("x")); // what the classic session would do
            assertEquals(java.util.Arrays.asList(IllegalStateRuntimeException.class,
                    IllegalStateRuntimeException.class, IllegalStateRuntimeException.class, null), outcomes);
            sibling.close();
        }
    }

    @Test
    void getMessageListenerReturnsTheApplicationsListener() {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            JMSConsumer consumer = context.createConsumer(fake.queue("q"));
            assertNull(consumer.getMessageListener());
            MessageListener listener = m -> { };
            consumer.setMessageListener(listener);
            assertSame(listener, consumer.getMessageListener());
            consumer.setMessageListener(null);
            assertNull(consumer.getMessageListener());
        }
    }

    @Test
    void getMessageSelectorIsTheClassicConsumers() {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            assertNull(context.createConsumer(fake.queue("q")).getMessageSelector());
            assertEquals("lastMessage = TRUE",
                    context.createConsumer(fake.queue("q"), "lastMessage = TRUE").getMessageSelector());
        }
    }

    @Test
    void receiveBodyReturnsTheBodyOfEachSupportedType() {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            Queue queue = fake.queue("q");
            JMSConsumer consumer = context.createConsumer(queue);
            Map<String, Object> map = new HashMap<>(Map.of("k", 1));
            context.createProducer().send(queue, "text").send(queue, map).send(queue, new byte[]{7})
                    .send(queue, new StringBuilder("sb"));
            assertEquals("text", consumer.receiveBody(String.class));
            assertEquals(map, consumer.receiveBody(Map.class, 1000));
            assertArrayEquals(new byte[]{7}, consumer.receiveBodyNoWait(byte[].class));
            assertEquals("sb", consumer.receiveBody(StringBuilder.class, 1000).toString());
            assertNull(consumer.receiveBodyNoWait(String.class));
        }
    }

    @Test
    void inAutoModeABodyOfTheWrongTypeIsDeliveredAgainBeforeAnyOtherMessage() throws Exception {
        for (int mode : new int[]{JMSContext.AUTO_ACKNOWLEDGE, JMSContext.DUPS_OK_ACKNOWLEDGE}) {
            FakeClassicJms classic = new FakeClassicJms();
            try (JMSContext context = LetterboxJMSContext.create(classic::connection, mode)) {
                Queue queue = classic.queue("q");
                JMSConsumer consumer = context.createConsumer(queue);
                context.createProducer().send(queue, "first").send(queue, "second");
                assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Boolean.class));
                assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBodyNoWait(Integer.class));
                Message again = consumer.receive(100);
                assertEquals("first", again.getBody(String.class));
                assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Boolean.class, 100));
                assertEquals("second", consumer.receiveBody(String.class, 100));
            }
        }
    }

    @Test
    void inClientAndTransactedModesABodyOfTheWrongTypeCountsAsDelivered() {
        for (int mode : new int[]{JMSContext.CLIENT_ACKNOWLEDGE, JMSContext.SESSION_TRANSACTED}) {
            FakeClassicJms classic = new FakeClassicJms();
            try (JMSContext context = LetterboxJMSContext.create(classic::connection, mode)) {
                Queue queue = classic.queue("q");
                JMSConsumer consumer = context.createConsumer(queue);
                context.createProducer().send(queue, "first").send(queue, "second");
                assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Boolean.class));
                assertEquals("second", consumer.receiveBody(String.class, 100));
            }
        }
    }

    @Test
    void receiveBodyRefusesStreamPlainAndEmptyMessages() {
        try (JMSContext context = open(JMSContext.CLIENT_ACKNOWLEDGE)) {
            Queue queue = fake.queue("q");
            JMSConsumer consumer = context.createConsumer(queue);
            StreamMessage stream = context.createStreamMessage();
            JMSProducer producer = context.createProducer();
            producer.send(queue, stream).send(queue, context.createMessage()).send(queue, (String) null)
                    .send(queue, (byte[]) null);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Object.class));
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Object.class));
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(String.class));
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(byte[].class));
        }
    }

    @Test
    void consumerMethodsAfterCloseThrowIllegalStateRuntimeException() {
        try (JMSContext context = open(JMSContext.AUTO_ACKNOWLEDGE)) {
            Queue queue = fake.queue("q");
            JMSConsumer consumer = context.createConsumer(queue);
            context.createProducer().send(queue, "first");
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Boolean.class));
            consumer.close();
            consumer.close();
            assertThrows(IllegalStateRuntimeException.class, consumer::receive);
            assertThrows(IllegalStateRuntimeException.class, () -> consumer.receiveBody(String.class));
            assertThrows(IllegalStateRuntimeException.class, consumer::getMessageSelector);
        }
    }
}
