package org.letterbox.client.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Producer options, headers and the property rules of JMS section 3.5; no broker needed. */
class LetterboxJMSProducerPropertiesTest {

    private JMSContext context;
    private JMSProducer producer;

    @BeforeEach
    void setUp() {
        context = LetterboxJMSContext.create(new FakeClassicJms()::connection, JMSContext.AUTO_ACKNOWLEDGE);
        producer = context.createProducer();
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    @Test
    void defaultsAreThoseOfTheSpec() {
        assertEquals(DeliveryMode.PERSISTENT, producer.getDeliveryMode());
        assertEquals(Message.DEFAULT_PRIORITY, producer.getPriority());
        assertEquals(0L, producer.getTimeToLive());
        assertEquals(0L, producer.getDeliveryDelay());
        assertFalse(producer.getDisableMessageID());
        assertFalse(producer.getDisableMessageTimestamp());
        assertNull(producer.getAsync());
        assertNull(producer.getJMSCorrelationID());
        assertNull(producer.getJMSCorrelationIDAsBytes());
        assertNull(producer.getJMSType());
        assertNull(producer.getJMSReplyTo());
        assertTrue(producer.getPropertyNames().isEmpty());
    }

    @Test
    void settersAreFluentAndGettersReturnWhatWasSet() {
        CompletionListener listener = new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
            }

            @Override
            public void onException(Message message, Exception exception) {
            }
        };
        JMSProducer same = producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT).setPriority(9).setTimeToLive(1000)
                .setDeliveryDelay(20).setDisableMessageID(true).setDisableMessageTimestamp(true).setAsync(listener)
                .setJMSType("T").setProperty("a", 1);
        assertSame(producer, same);
        assertEquals(DeliveryMode.NON_PERSISTENT, producer.getDeliveryMode());
        assertEquals(9, producer.getPriority());
        assertEquals(1000, producer.getTimeToLive());
        assertEquals(20, producer.getDeliveryDelay());
        assertTrue(producer.getDisableMessageID());
        assertTrue(producer.getDisableMessageTimestamp());
        assertSame(listener, producer.getAsync());
        producer.setAsync(null);
        assertNull(producer.getAsync());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 3, 100})
    void anInvalidDeliveryModeIsRefusedWithJMSRuntimeException(int mode) {
        assertThrows(JMSRuntimeException.class, () -> producer.setDeliveryMode(mode));
        assertEquals(DeliveryMode.PERSISTENT, producer.getDeliveryMode());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 10, Integer.MAX_VALUE})
    void aPriorityOutside0To9IsRefusedWithJMSRuntimeException(int priority) {
        assertThrows(JMSRuntimeException.class, () -> producer.setPriority(priority));
        assertEquals(Message.DEFAULT_PRIORITY, producer.getPriority());
    }

    @Test
    void everyPriorityFrom0To9IsAccepted() {
        for (int p = 0; p <= 9; p++) {
            assertEquals(p, producer.setPriority(p).getPriority());
        }
    }

    // ------------------------------------------------------------------------------------------------ names

    private List<Consumer<String>> allSetters() {
        List<Consumer<String>> setters = new ArrayList<>();
        setters.add(n -> producer.setProperty(n, true));
        setters.add(n -> producer.setProperty(n, (byte) 1));
        setters.add(n -> producer.setProperty(n, (short) 1));
        setters.add(n -> producer.setProperty(n, 1));
        setters.add(n -> producer.setProperty(n, 1L));
        setters.add(n -> producer.setProperty(n, 1f));
        setters.add(n -> producer.setProperty(n, 1d));
        setters.add(n -> producer.setProperty(n, "v"));
        setters.add(n -> producer.setProperty(n, (Object) 1L));
        return setters;
    }

    @Test
    void aNullOrEmptyNameIsRefusedWithIllegalArgumentExceptionByEverySetter() {
        for (Consumer<String> setter : allSetters()) {
            assertThrows(IllegalArgumentException.class, () -> setter.accept(null));
            assertThrows(IllegalArgumentException.class, () -> setter.accept(""));
        }
        assertTrue(producer.getPropertyNames().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1abc", "a-b", "a.b", "a b", "NULL", "true", "False", "not", "AND", "or", "between",
            "LIKE", "in", "IS", "escape"})
    void aNameThatIsNotASelectorIdentifierIsRefusedWithIllegalArgumentException(String name) {
        for (Consumer<String> setter : allSetters()) {
            assertThrows(IllegalArgumentException.class, () -> setter.accept(name));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "_x", "$y", "JMSXGroupID", "COM_SUN_JMS_TESTNAME", "name1", "été", "Nullable"})
    void validIdentifiersAreAccepted(String name) {
        producer.setProperty(name, "v");
        assertTrue(producer.propertyExists(name));
    }

    // ------------------------------------------------------------------------------------------------ values

    @Test
    void anObjectOfAnUnsupportedTypeIsRefusedWithMessageFormatRuntimeException() {
        assertThrows(MessageFormatRuntimeException.class, () -> producer.setProperty("x", new ArrayList<>()));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.setProperty("x", (Object) new byte[1]));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.setProperty("x", (Object) 'c'));
        assertFalse(producer.propertyExists("x"));
    }

    @Test
    void objectPropertiesKeepTheirWrapperType() {
        producer.setProperty("b", (Object) Boolean.TRUE).setProperty("y", (Object) (byte) 1)
                .setProperty("s", (Object) (short) 2).setProperty("i", (Object) 3).setProperty("l", (Object) 4L)
                .setProperty("f", (Object) 5f).setProperty("d", (Object) 6d).setProperty("t", (Object) "7");
        assertEquals(Boolean.TRUE, producer.getObjectProperty("b"));
        assertEquals(Byte.valueOf((byte) 1), producer.getObjectProperty("y"));
        assertEquals(Short.valueOf((short) 2), producer.getObjectProperty("s"));
        assertEquals(Integer.valueOf(3), producer.getObjectProperty("i"));
        assertEquals(Long.valueOf(4), producer.getObjectProperty("l"));
        assertEquals(Float.valueOf(5), producer.getObjectProperty("f"));
        assertEquals(Double.valueOf(6), producer.getObjectProperty("d"));
        assertEquals("7", producer.getObjectProperty("t"));
    }

    @Test
    void aBooleanReadsOnlyAsBooleanOrString() {
        producer.setProperty("p", true);
        assertTrue(producer.getBooleanProperty("p"));
        assertEquals("true", producer.getStringProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getByteProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getShortProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getIntProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getLongProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getFloatProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getDoubleProperty("p"));
    }

    @Test
    void aByteWidensToShortIntLongAndString() {
        producer.setProperty("p", (byte) 127);
        assertEquals(127, producer.getByteProperty("p"));
        assertEquals(127, producer.getShortProperty("p"));
        assertEquals(127, producer.getIntProperty("p"));
        assertEquals(127L, producer.getLongProperty("p"));
        assertEquals("127", producer.getStringProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getBooleanProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getFloatProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getDoubleProperty("p"));
    }

    @Test
    void aShortWidensToIntLongAndString() {
        producer.setProperty("p", (short) 10);
        assertEquals(10, producer.getShortProperty("p"));
        assertEquals(10, producer.getIntProperty("p"));
        assertEquals(10L, producer.getLongProperty("p"));
        assertEquals("10", producer.getStringProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getBooleanProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getByteProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getFloatProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getDoubleProperty("p"));
    }

    @Test
    void anIntWidensToLongAndString() {
        producer.setProperty("p", 5);
        assertEquals(5, producer.getIntProperty("p"));
        assertEquals(5L, producer.getLongProperty("p"));
        assertEquals("5", producer.getStringProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getBooleanProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getByteProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getShortProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getFloatProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getDoubleProperty("p"));
    }

    @Test
    void aLongReadsOnlyAsLongOrString() {
        producer.setProperty("p", 333L);
        assertEquals(333L, producer.getLongProperty("p"));
        assertEquals("333", producer.getStringProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getBooleanProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getByteProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getShortProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getIntProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getFloatProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getDoubleProperty("p"));
    }

    @Test
    void aFloatWidensToDoubleAndString() {
        producer.setProperty("p", 1.5f);
        assertEquals(1.5f, producer.getFloatProperty("p"));
        assertEquals(1.5d, producer.getDoubleProperty("p"));
        assertEquals("1.5", producer.getStringProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getBooleanProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getByteProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getShortProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getIntProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getLongProperty("p"));
    }

    @Test
    void aDoubleReadsOnlyAsDoubleOrString() {
        producer.setProperty("p", 100d);
        assertEquals(100d, producer.getDoubleProperty("p"));
        assertEquals("100.0", producer.getStringProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getBooleanProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getByteProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getShortProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getIntProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getLongProperty("p"));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.getFloatProperty("p"));
    }

    @Test
    void aStringIsParsedByEveryGetter() {
        producer.setProperty("one", "1").setProperty("t", "true").setProperty("f", "false");
        assertEquals(1, producer.getByteProperty("one"));
        assertEquals(1, producer.getShortProperty("one"));
        assertEquals(1, producer.getIntProperty("one"));
        assertEquals(1L, producer.getLongProperty("one"));
        assertEquals(1f, producer.getFloatProperty("one"));
        assertEquals(1d, producer.getDoubleProperty("one"));
        assertTrue(producer.getBooleanProperty("t"));
        assertFalse(producer.getBooleanProperty("f"));
        assertFalse(producer.getBooleanProperty("one"));
    }

    @Test
    void aStringThatIsNotANumberThrowsNumberFormatException() {
        producer.setProperty("p", "test");
        assertThrows(NumberFormatException.class, () -> producer.getByteProperty("p"));
        assertThrows(NumberFormatException.class, () -> producer.getShortProperty("p"));
        assertThrows(NumberFormatException.class, () -> producer.getIntProperty("p"));
        assertThrows(NumberFormatException.class, () -> producer.getLongProperty("p"));
        assertThrows(NumberFormatException.class, () -> producer.getFloatProperty("p"));
        assertThrows(NumberFormatException.class, () -> producer.getDoubleProperty("p"));
    }

    @Test
    void aMissingPropertyReadsLikeANullString() {
        assertFalse(producer.propertyExists("missing"));
        assertFalse(producer.getBooleanProperty("missing"));
        assertNull(producer.getStringProperty("missing"));
        assertNull(producer.getObjectProperty("missing"));
        assertThrows(NumberFormatException.class, () -> producer.getByteProperty("missing"));
        assertThrows(NumberFormatException.class, () -> producer.getShortProperty("missing"));
        assertThrows(NumberFormatException.class, () -> producer.getIntProperty("missing"));
        assertThrows(NumberFormatException.class, () -> producer.getLongProperty("missing"));
        assertThrows(NullPointerException.class, () -> producer.getFloatProperty("missing"));
        assertThrows(NullPointerException.class, () -> producer.getDoubleProperty("missing"));
    }

    @Test
    void settingAPropertyAgainReplacesItsValueAndType() {
        producer.setProperty("p", 1).setProperty("p", "x");
        assertEquals("x", producer.getObjectProperty("p"));
        assertEquals(Set.of("p"), producer.getPropertyNames());
    }

    @Test
    void clearPropertiesRemovesThemAll() {
        producer.setProperty("a", 1).setProperty("b", "x");
        assertSame(producer, producer.clearProperties());
        assertTrue(producer.getPropertyNames().isEmpty());
        assertFalse(producer.propertyExists("a"));
        assertNull(producer.getObjectProperty("b"));
        assertThrows(NumberFormatException.class, () -> producer.getShortProperty("a"));
    }

    @Test
    void getPropertyNamesIsAnUnmodifiableSnapshot() {
        producer.setProperty("a", 1).setProperty("b", 2);
        Set<String> names = producer.getPropertyNames();
        assertEquals(Set.of("a", "b"), names);
        assertThrows(UnsupportedOperationException.class, () -> names.add("c"));
        producer.setProperty("c", 3);
        assertEquals(Set.of("a", "b"), names);
        assertTrue(producer.propertyExists("c"));
    }

    // ------------------------------------------------------------------------------------------------ headers

    @Test
    void correlationIdCanBeSetAsStringOrBytesAndReadBothWays() {
        producer.setJMSCorrelationIDAsBytes("TestCorrelationID".getBytes(StandardCharsets.UTF_8));
        assertEquals("TestCorrelationID",
                new String(producer.getJMSCorrelationIDAsBytes(), StandardCharsets.UTF_8));
        assertEquals("TestCorrelationID", producer.getJMSCorrelationID());
        producer.setJMSCorrelationID("other");
        assertEquals("other", producer.getJMSCorrelationID());
        assertArrayEquals("other".getBytes(StandardCharsets.UTF_8), producer.getJMSCorrelationIDAsBytes());
    }

    @Test
    void theCorrelationIdBytesAreCopied() {
        byte[] id = {1, 2, 3};
        producer.setJMSCorrelationIDAsBytes(id);
        id[0] = 9;
        assertArrayEquals(new byte[]{1, 2, 3}, producer.getJMSCorrelationIDAsBytes());
        producer.getJMSCorrelationIDAsBytes()[1] = 9;
        assertArrayEquals(new byte[]{1, 2, 3}, producer.getJMSCorrelationIDAsBytes());
    }
}
