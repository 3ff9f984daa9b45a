package org.letterbox.jms.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.letterbox.jms.LetterboxDestination;
import org.letterbox.jms.LetterboxQueue;
import org.letterbox.jms.LetterboxTemporaryQueue;
import org.letterbox.jms.LetterboxTemporaryTopic;
import org.letterbox.jms.LetterboxTopic;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class MessageCodecTest {
    private static final String UNICODE = "h\u00e9llo \u4e16\u754c \uD83D\uDE00 \u0000 end";

    /** Offsets of a plain message with no ids, type, destinations or properties (see MessageCodec's layout). */
    private static final int MESSAGE_ID_LENGTH = 28;
    private static final int CORRELATION_KIND = 32;
    private static final int DESTINATION_KIND = 37;
    private static final int PROPERTY_COUNT = 39;

    // ---- round trips ----

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyHeaderSurvivesTheCodec(MessageType type) throws JMSException {
        LetterboxMessage message = type.newMessage();
        message.setJMSMessageID("ID:conn-1:42");
        message.setJMSTimestamp(1_700_000_000_123L);
        message.setJMSCorrelationID("corr-\u00e9");
        message.setJMSReplyTo(new LetterboxTemporaryQueue("tmp-q-1", null));
        message.setJMSDestination(new LetterboxTopic("prices.eu"));
        message.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        message.setJMSType("quote");
        message.setJMSExpiration(Long.MAX_VALUE);
        message.setJMSDeliveryTime(-1L);
        message.setJMSPriority(9);

        LetterboxMessage decoded = MessageCodec.decode(MessageCodec.encode(message));

        assertEquals(type, decoded.messageType());
        assertEquals(message.getClass(), decoded.getClass());
        assertEquals("ID:conn-1:42", decoded.getJMSMessageID());
        assertEquals(1_700_000_000_123L, decoded.getJMSTimestamp());
        assertEquals("corr-\u00e9", decoded.getJMSCorrelationID());
        assertEquals(new LetterboxTemporaryQueue("tmp-q-1", null), decoded.getJMSReplyTo());
        assertEquals(new LetterboxTopic("prices.eu"), decoded.getJMSDestination());
        assertEquals(DeliveryMode.NON_PERSISTENT, decoded.getJMSDeliveryMode());
        assertEquals("quote", decoded.getJMSType());
        assertEquals(Long.MAX_VALUE, decoded.getJMSExpiration());
        assertEquals(-1L, decoded.getJMSDeliveryTime());
        assertEquals(9, decoded.getJMSPriority());
    }

    @Test
    void absentHeadersStayAbsent() throws JMSException {
        LetterboxMessage decoded = MessageCodec.decode(MessageCodec.encode(new LetterboxMessage()));
        assertNull(decoded.getJMSMessageID());
        assertNull(decoded.getJMSCorrelationIDAsBytes());
        assertNull(decoded.getJMSType());
        assertNull(decoded.getJMSDestination());
        assertNull(decoded.getJMSReplyTo());
        assertEquals(DeliveryMode.PERSISTENT, decoded.getJMSDeliveryMode());
        assertEquals(4, decoded.getJMSPriority());
        assertEquals(0, decoded.getJMSTimestamp());
    }

    @Test
    void emptyStringHeadersStayEmptyNotNull() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        message.setJMSMessageID("");
        message.setJMSCorrelationID("");
        message.setJMSType("");
        LetterboxMessage decoded = MessageCodec.decode(MessageCodec.encode(message));
        assertEquals("", decoded.getJMSMessageID());
        assertEquals("", decoded.getJMSCorrelationID());
        assertEquals("", decoded.getJMSType());
    }

    @Test
    void correlationIdSetAsBytesKeepsArbitraryBytes() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        byte[] id = {0, (byte) 0xFF, (byte) 0xC3, 0x28}; // not valid UTF-8
        message.setJMSCorrelationIDAsBytes(id);
        assertArrayEquals(id, MessageCodec.decode(MessageCodec.encode(message)).getJMSCorrelationIDAsBytes());
    }

    @Test
    void everyDestinationKindSurvivesTheCodec() throws JMSException {
        for (LetterboxDestination destination : List.of(new LetterboxQueue("q"), new LetterboxTopic("t"),
                new LetterboxTemporaryQueue("tq", null), new LetterboxTemporaryTopic("tt", null), new LetterboxQueue(UNICODE))) {
            LetterboxMessage message = new LetterboxMessage();
            message.setJMSDestination(destination);
            message.setJMSReplyTo(destination);
            LetterboxMessage decoded = MessageCodec.decode(MessageCodec.encode(message));
            assertEquals(destination, decoded.getJMSDestination());
            assertEquals(destination, decoded.getJMSReplyTo());
            assertEquals(destination.getClass(), decoded.getJMSDestination().getClass());
        }
    }

    @Test
    void everyPropertyTypeSurvivesTheCodecInOrder() throws JMSException {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bool", true);
        properties.put("byteMin", Byte.MIN_VALUE);
        properties.put("shortMax", Short.MAX_VALUE);
        properties.put("intMin", Integer.MIN_VALUE);
        properties.put("longMax", Long.MAX_VALUE);
        properties.put("floatNaN", Float.NaN);
        properties.put("floatNegZero", -0.0f);
        properties.put("doubleInf", Double.NEGATIVE_INFINITY);
        properties.put("doubleTiny", Double.MIN_VALUE);
        properties.put("empty", "");
        properties.put("unicode", UNICODE);
        properties.put("nothing", null);
        properties.put("JMSXGroupID", "g");
        LetterboxMessage message = new LetterboxMessage();
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            message.setObjectProperty(property.getKey(), property.getValue());
        }
        LetterboxMessage decoded = MessageCodec.decode(MessageCodec.encode(message));
        assertEquals(List.copyOf(properties.keySet()), Collections.list(decoded.getPropertyNames()));
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            assertEquals(property.getValue(), decoded.getObjectProperty(property.getKey()), property.getKey());
        }
    }

    @Test
    void textBodiesSurviveTheCodec() throws JMSException {
        for (String text : Arrays.asList(null, "", "plain", UNICODE, bigText())) {
            LetterboxTextMessage message = new LetterboxTextMessage();
            message.setText(text);
            assertEquals(text, ((LetterboxTextMessage) MessageCodec.decode(MessageCodec.encode(message))).getText());
        }
    }

    @Test
    void loneSurrogateInTextBecomesAQuestionMarkAsTheJdkEncodes() throws JMSException {
        LetterboxTextMessage message = new LetterboxTextMessage();
        message.setText("a\uD800b");
        assertEquals("a?b", ((LetterboxTextMessage) MessageCodec.decode(MessageCodec.encode(message))).getText());
    }

    @Test
    void bytesBodiesSurviveTheCodec() throws JMSException {
        byte[] big = new byte[5 * 1024 * 1024 + 3];
        new Random(7).nextBytes(big);
        for (byte[] body : List.of(new byte[0], new byte[]{0}, big)) {
            LetterboxBytesMessage message = new LetterboxBytesMessage();
            message.writeBytes(body);
            LetterboxBytesMessage decoded = (LetterboxBytesMessage) MessageCodec.decode(MessageCodec.encode(message));
            assertEquals(body.length, decoded.getBodyLength());
            byte[] read = new byte[body.length];
            if (body.length > 0) {
                assertEquals(body.length, decoded.readBytes(read));
            }
            assertArrayEquals(body, read);
        }
    }

    @Test
    void bytesBodyEncodesTheSameInWriteAndReadMode() throws JMSException {
        LetterboxBytesMessage message = new LetterboxBytesMessage();
        message.writeLong(99);
        byte[] inWriteMode = MessageCodec.encode(message);
        message.reset();
        message.readInt(); // the read position does not matter either
        assertArrayEquals(inWriteMode, MessageCodec.encode(message));
    }

    @Test
    void mapBodiesSurviveTheCodec() throws JMSException {
        LetterboxMapMessage message = new LetterboxMapMessage();
        message.setBoolean("bool", false);
        message.setByte("byte", (byte) 7);
        message.setShort("short", (short) -7);
        message.setChar("char", '\u4e16');
        message.setInt("int", 7);
        message.setLong("long", -7L);
        message.setFloat("float", 7.5f);
        message.setDouble("double", -7.5);
        message.setString("string", UNICODE);
        message.setString("null", null);
        message.setBytes("bytes", new byte[]{1, 2});
        message.setBytes("emptyBytes", new byte[0]);
        LetterboxMapMessage decoded = (LetterboxMapMessage) MessageCodec.decode(MessageCodec.encode(message));
        assertEquals(Collections.list(message.getMapNames()), Collections.list(decoded.getMapNames()));
        for (String name : Collections.list(message.getMapNames())) {
            Object expected = message.getObject(name);
            if (expected instanceof byte[] bytes) {
                assertArrayEquals(bytes, (byte[]) decoded.getObject(name));
            } else {
                assertEquals(expected, decoded.getObject(name), name);
            }
        }
    }

    @Test
    void streamBodiesSurviveTheCodec() throws JMSException {
        List<Object> fields = Arrays.asList(true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "", UNICODE, null, new byte[]{9}, new byte[0]);
        LetterboxStreamMessage message = new LetterboxStreamMessage();
        for (Object field : fields) {
            message.writeObject(field);
        }
        LetterboxStreamMessage decoded = (LetterboxStreamMessage) MessageCodec.decode(MessageCodec.encode(message));
        for (Object field : fields) {
            Object read = decoded.readObject();
            if (field instanceof byte[] bytes) {
                assertArrayEquals(bytes, (byte[]) read);
            } else {
                assertEquals(field, read);
            }
        }
    }

    @Test
    void objectBodySurvivesTheCodec() throws JMSException {
        LetterboxObjectMessage message = new LetterboxObjectMessage();
        message.setObject(new Order("o"));
        assertEquals(new Order("o"), ((LetterboxObjectMessage) MessageCodec.decode(MessageCodec.encode(message))).getObject());
    }

    @Test
    void decodedMessageIsNotMarkedReceived() throws JMSException {
        LetterboxMessage decoded = MessageCodec.decode(MessageCodec.encode(new LetterboxMessage()));
        decoded.setIntProperty("added", 1); // properties still writable
        assertEquals(1, decoded.getIntProperty("added"));
    }

    // ---- the fixed prefix ----

    @Test
    void fixedPrefixReadersSeeTheRoutingHeaders() throws JMSException {
        LetterboxMapMessage message = new LetterboxMapMessage();
        message.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        message.setJMSPriority(8);
        message.setJMSTimestamp(111L);
        message.setJMSExpiration(222L);
        message.setJMSDeliveryTime(333L);
        message.setStringProperty("p", "v");
        byte[] encoded = MessageCodec.encode(message);
        assertEquals(MessageType.MAP, MessageCodec.type(encoded));
        assertEquals(DeliveryMode.NON_PERSISTENT, MessageCodec.deliveryMode(encoded));
        assertEquals(8, MessageCodec.priority(encoded));
        assertEquals(111L, MessageCodec.timestamp(encoded));
        assertEquals(222L, MessageCodec.expiration(encoded));
        assertEquals(333L, MessageCodec.deliveryTime(encoded));
    }

    @Test
    void fixedPrefixHasTheDocumentedOffsets() throws JMSException {
        LetterboxTextMessage message = new LetterboxTextMessage();
        message.setJMSDeliveryMode(DeliveryMode.PERSISTENT);
        message.setJMSPriority(3);
        message.setJMSTimestamp(0x0102030405060708L);
        message.setJMSExpiration(-2L);
        message.setJMSDeliveryTime(77L);
        ByteBuffer prefix = ByteBuffer.wrap(MessageCodec.encode(message)); // big-endian
        assertEquals(1, prefix.get(0));
        assertEquals(MessageType.TEXT.code(), prefix.get(1));
        assertEquals(DeliveryMode.PERSISTENT, prefix.get(2));
        assertEquals(3, prefix.get(3));
        assertEquals(0x0102030405060708L, prefix.getLong(4));
        assertEquals(-2L, prefix.getLong(12));
        assertEquals(77L, prefix.getLong(20));
    }

    @Test
    void fixedPrefixReadersRejectShortOrForeignBytes() {
        byte[] tooShort = new byte[27];
        tooShort[0] = 1;
        assertThrows(MessageFormatException.class, () -> MessageCodec.priority(tooShort));
        assertThrows(MessageFormatException.class, () -> MessageCodec.timestamp(tooShort));
        assertThrows(MessageFormatException.class, () -> MessageCodec.type(null));
        byte[] wrongVersion = new byte[28];
        wrongVersion[0] = 2;
        assertThrows(MessageFormatException.class, () -> MessageCodec.expiration(wrongVersion));
        byte[] badPriority = plainMessage();
        badPriority[3] = 10;
        assertThrows(MessageFormatException.class, () -> MessageCodec.priority(badPriority));
    }

    // ---- malformed input ----

    @Test
    void everyTruncationIsAFormatError() throws JMSException {
        byte[] full = MessageCodec.encode(richMessage());
        for (int length = 0; length < full.length; length++) {
            byte[] truncated = Arrays.copyOf(full, length);
            assertThrows(MessageFormatException.class, () -> MessageCodec.decode(truncated), "truncated to " + length);
        }
    }

    @Test
    void randomCorruptionIsEitherDecodedOrAFormatErrorNeverAnotherException() throws JMSException {
        Random random = new Random(42);
        byte[] original = MessageCodec.encode(richMessage());
        for (int round = 0; round < 20_000; round++) {
            byte[] corrupted = original.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                corrupted[random.nextInt(corrupted.length)] = (byte) random.nextInt(256);
            }
            try {
                MessageCodec.decode(corrupted);
            } catch (MessageFormatException expected) {
                // fine: rejected
            } catch (RuntimeException | Error e) {
                fail("round " + round + " escaped as " + e, e);
            }
        }
    }

    @Test
    void unknownVersionIsAFormatError() {
        byte[] bytes = plainMessage();
        bytes[0] = 2;
        assertThrows(MessageFormatException.class, () -> MessageCodec.decode(bytes));
    }

    @Test
    void unknownMessageTypeIsAFormatError() {
        byte[] bytes = plainMessage();
        bytes[1] = 6;
        assertThrows(MessageFormatException.class, () -> MessageCodec.decode(bytes));
        bytes[1] = -1;
        assertThrows(MessageFormatException.class, () -> MessageCodec.decode(bytes));
    }

    @Test
    void invalidDeliveryModeOrPriorityIsAFormatError() {
        byte[] badMode = plainMessage();
        badMode[2] = 3;
        assertThrows(MessageFormatException.class, () -> MessageCodec.decode(badMode));
        byte[] badPriority = plainMessage();
        badPriority[3] = -1;
        assertThrows(MessageFormatException.class, () -> MessageCodec.decode(badPriority));
    }

    @Test
    void hugeLengthIsAFormatErrorNotAnAllocation() {
        byte[] bytes = plainMessage();
        ByteBuffer.wrap(bytes).putInt(MESSAGE_ID_LENGTH, Integer.MAX_VALUE);
        assertThrows(MessageFormatException.class, () -> MessageCodec.decode(bytes));
        ByteBuffer.wrap(bytes).putInt(MESSAGE_ID_LENGTH, -5);
        assertThrows(MessageFormatException.class, () -> MessageCodec.decode(bytes));
    }

    @Test
    void hugeCountIsAFormatErrorNotAnAllocation() {
        byte[] bytes = plainMessage();
        ByteBuffer.wrap(bytes).putInt(PROPERTY_COUNT, Integer.MAX_VALUE);
        assertThrows(MessageFormatException.class, () -> MessageCodec.decode(bytes));
        ByteBuffer.wrap(bytes).putInt(PROPERTY_COUNT, -1);
        assertThrows(MessageFormatException.class, () -> MessageCodec.decode(bytes));
    }

    @Test
    void unknownCorrelationOrDestinationKindIsAFormatError() {
        byte[] badCorrelation = plainMessage();
        badCorrelation[CORRELATION_KIND] = 3;
        assertThrows(MessageFormatException.class, () -> MessageCodec.decode(badCorrelation));
        byte[] badDestination = plainMessage();
        badDestination[DESTINATION_KIND] = 4;
        assertThrows(MessageFormatException.class, () -> MessageCodec.decode(badDestination));
    }

    @Test
    void trailingBytesAreAFormatError() {
        byte[] bytes = Arrays.copyOf(plainMessage(), plainMessage().length + 1);
        assertThrows(MessageFormatException.class, () -> MessageCodec.decode(bytes));
    }

    @Test
    void aPropertyCannotBeACharOnTheWire() throws JMSException {
        LetterboxMessage message = new LetterboxMessage();
        message.setShortProperty("p", (short) 65);
        byte[] bytes = MessageCodec.encode(message);
        int tag = PROPERTY_COUNT + 4 + 4 + 1; // count, name length, "p"
        assertEquals(3, bytes[tag]); // the short tag
        bytes[tag] = 4; // the char tag: same payload size
        assertThrows(MessageFormatException.class, () -> MessageCodec.decode(bytes));
    }

    @Test
    void nullBytesAreAFormatError() {
        assertThrows(MessageFormatException.class, () -> MessageCodec.decode(null));
    }

    @Test
    void encodeRefusesValuesOutsideTheJmsRanges() {
        LetterboxMessage badPriority = new LetterboxMessage();
        badPriority.setJMSPriority(10);
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.encode(badPriority));
        LetterboxMessage badMode = new LetterboxMessage();
        badMode.setJMSDeliveryMode(0);
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.encode(badMode));
    }

    @Test
    void encodedArrayHasNoSlack() {
        // exactly sized: the prefix plus what each field needs, nothing more
        assertEquals(PROPERTY_COUNT + 4, MessageCodec.encode(new LetterboxMessage()).length);
    }

    private static byte[] plainMessage() {
        return MessageCodec.encode(new LetterboxMessage());
    }

    private static LetterboxMessage richMessage() throws JMSException {
        LetterboxMapMessage message = new LetterboxMapMessage();
        message.setJMSMessageID("ID:1");
        message.setJMSCorrelationIDAsBytes(new byte[]{1, 2});
        message.setJMSType("t");
        message.setJMSDestination(new LetterboxQueue("q"));
        message.setJMSReplyTo(new LetterboxTemporaryTopic("tt", null));
        message.setStringProperty("s", "v\u00e9");
        message.setLongProperty("l", 5);
        message.setBooleanProperty("b", true);
        message.setString("k", "v");
        message.setBytes("bytes", new byte[]{1, 2, 3});
        message.setChar("c", 'c');
        message.setDouble("d", 1.5);
        return message;
    }

    private static String bigText() {
        StringBuilder text = new StringBuilder();
        while (text.length() < 2_000_000) {
            text.append(UNICODE).append(' ');
        }
        return text.toString();
    }

    @Test
    void bigMixedTextIsEncodedExactly() throws JMSException {
        LetterboxTextMessage message = new LetterboxTextMessage();
        message.setText(bigText());
        byte[] encoded = MessageCodec.encode(message);
        assertTrue(encoded.length > 2_000_000);
        assertEquals(message.getText(), ((LetterboxTextMessage) MessageCodec.decode(encoded)).getText());
    }
}
