package org.letterbox.jms.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;
import org.letterbox.jms.LetterboxQueue;
import org.letterbox.jms.LetterboxTopic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link MessageValidator} accepts exactly what {@link MessageCodec#decode} can decode: every message type with every
 * kind of header, property and body value passes; every truncation and (for a fixed seed) thousands of random byte
 * mutations are judged the same way by both, and never fail with anything but a MessageFormatException.
 */
class MessageValidatorTest {

    static List<byte[]> samples() throws JMSException {
        List<LetterboxMessage> messages = new ArrayList<>();
        LetterboxMessage plain = new LetterboxMessage();
        messages.add(plain);
        LetterboxTextMessage text = new LetterboxTextMessage();
        text.setText("héllo wörld");
        text.setJMSCorrelationID("corr");
        text.setJMSType("kind");
        text.setJMSReplyTo(new LetterboxTopic("replies"));
        messages.add(text);
        LetterboxTextMessage nullText = new LetterboxTextMessage();
        messages.add(nullText);
        LetterboxBytesMessage bytes = new LetterboxBytesMessage();
        bytes.writeBytes(new byte[] {1, 2, 3, 4});
        bytes.setJMSCorrelationIDAsBytes(new byte[] {9, 9});
        messages.add(bytes);
        LetterboxMapMessage map = new LetterboxMapMessage();
        map.setInt("i", 1);
        map.setChar("c", 'x');
        map.setBytes("b", new byte[] {5});
        map.setString("s", "v");
        map.setObject("n", null);
        messages.add(map);
        LetterboxStreamMessage stream = new LetterboxStreamMessage();
        stream.writeDouble(1.5);
        stream.writeChar('y');
        stream.writeBytes(new byte[] {6, 7});
        stream.writeString(null);
        stream.writeLong(42);
        messages.add(stream);
        LetterboxObjectMessage object = new LetterboxObjectMessage();
        object.setObject("serializable");
        messages.add(object);
        List<byte[]> encoded = new ArrayList<>();
        for (LetterboxMessage m : messages) {
            m.setJMSDestination(new LetterboxQueue("orders"));
            m.setJMSDeliveryMode(DeliveryMode.PERSISTENT);
            m.setJMSPriority(4);
            m.setJMSMessageID("ID:1");
            m.setStringProperty("color", "blue");
            m.setIntProperty("n", 7);
            m.setBooleanProperty("flag", true);
            m.setDoubleProperty("d", 2.5);
            m.setByteProperty("b", (byte) 1);
            m.setShortProperty("s", (short) 2);
            m.setLongProperty("l", 3L);
            m.setFloatProperty("f", 4f);
            m.setObjectProperty("absent", null);
            encoded.add(MessageCodec.encode(m));
        }
        return encoded;
    }

    @Test
    void everyWellFormedMessagePasses() throws JMSException {
        for (byte[] message : samples()) {
            int bodyStart = MessageValidator.check(message);
            assertTrue(bodyStart >= 28 && bodyStart <= message.length);
        }
    }

    @Test
    void everyTruncationIsRefused() throws JMSException {
        for (byte[] message : samples()) {
            for (int length = 0; length < message.length; length++) {
                byte[] cut = java.util.Arrays.copyOf(message, length);
                assertThrows(MessageFormatException.class, () -> MessageValidator.check(cut), "cut to " + length);
            }
        }
    }

    @Test
    void theValidatorAndTheDecoderAgreeOnMutatedMessages() throws JMSException {
        Random random = new Random(20261204L);
        int refused = 0;
        for (byte[] message : samples()) {
            for (int i = 0; i < 3000; i++) {
                byte[] mutated = mutate(message, random);
                boolean valid = judge(() -> MessageValidator.check(mutated));
                boolean decodes = judge(() -> MessageCodec.decode(mutated));
                assertEquals(decodes, valid, "validator and decoder disagree on a mutation #" + i);
                if (!valid) {
                    refused++;
                }
            }
        }
        assertTrue(refused > 1000, "the mutations exercise the refusals: " + refused);
    }

    @Test
    void garbageAfterAValidPrefixIsRefused() throws JMSException {
        byte[] message = samples().get(1);
        byte[] garbage = java.util.Arrays.copyOf(message, message.length);
        for (int i = 28; i < garbage.length; i++) {
            garbage[i] = (byte) 0xFF;
        }
        assertThrows(MessageFormatException.class, () -> MessageValidator.check(garbage));
    }

    private interface Check {
        void run() throws JMSException;
    }

    /** True if it passes, false for a MessageFormatException; anything else is a bug. */
    private static boolean judge(Check check) {
        try {
            check.run();
            return true;
        } catch (MessageFormatException e) {
            return false;
        } catch (Throwable e) {
            fail("expected a MessageFormatException, got " + e, e);
            return false;
        }
    }

    private static byte[] mutate(byte[] message, Random random) {
        byte[] copy = message.clone();
        int flips = 1 + random.nextInt(3);
        for (int f = 0; f < flips; f++) {
            int at = random.nextInt(copy.length);
            switch (random.nextInt(4)) {
                case 0 -> copy[at] = (byte) random.nextInt(256);
                case 1 -> copy[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> copy[at] = (byte) (random.nextBoolean() ? 0xFF : 0);
                default -> copy[at] = (byte) (copy[at] + (random.nextBoolean() ? 1 : -1));
            }
        }
        return copy;
    }
}
