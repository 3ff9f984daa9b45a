package org.letterbox.server.fuzz;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import org.letterbox.jms.message.LetterboxTextMessage;
import org.letterbox.jms.message.MessageCodec;

import java.nio.ByteBuffer;

/**
 * The {@code message} bytes of a Send frame (see {@link MessageCodec} for the format): well-formed encoded messages,
 * ones whose 28-byte fixed prefix is valid (so the broker accepts and routes them) but whose rest is garbage (so
 * only decoding them, for a selector, fails), and ones too broken to be accepted at all.
 */
final class MessageBodies {
    static final int FIXED_PREFIX = 28;

    private MessageBodies() {
    }

    /** A real encoded TextMessage with an int property {@code n} (what selectors in the fuzz test look at). */
    static byte[] valid(FuzzRandom random) {
        try {
            LetterboxTextMessage message = new LetterboxTextMessage();
            message.setText(random.chance(0.9) ? "fuzz" : "y".repeat(random.nextInt(20_000)));
            message.setIntProperty("n", random.interestingInt());
            message.setStringProperty("color", random.chance(0.5) ? "red" : "blue");
            message.setJMSDeliveryMode(random.chance(0.5) ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
            message.setJMSPriority(random.nextInt(10));
            if (random.chance(0.05)) {
                message.setJMSExpiration(System.currentTimeMillis() + random.nextInt(2000));
            }
            return MessageCodec.encode(message);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid fixed prefix (version 1, a known type, a delivery mode, a priority, times now or 0) and garbage after it. */
    static byte[] prefixThenGarbage(FuzzRandom random) {
        int garbage = random.chance(0.2) ? 0 : random.between(1, 200);
        ByteBuffer bytes = ByteBuffer.allocate(FIXED_PREFIX + garbage);
        bytes.put(MessageCodec.FORMAT_VERSION);
        bytes.put((byte) random.nextInt(6));
        bytes.put((byte) (random.chance(0.5) ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT));
        bytes.put((byte) random.nextInt(10));
        bytes.putLong(System.currentTimeMillis());
        bytes.putLong(0); // never expires
        bytes.putLong(random.chance(0.1) ? System.currentTimeMillis() + random.nextInt(3000) : 0);
        bytes.put(random.bytes(garbage));
        return bytes.array();
    }

    /** Anything: valid, prefix plus garbage, a real message with flipped bytes, too short, or null. */
    static byte[] any(FuzzRandom random) {
        return switch (random.nextInt(6)) {
            case 0, 1 -> valid(random);
            case 2 -> prefixThenGarbage(random);
            case 3 -> {
                byte[] bytes = valid(random);
                for (int i = random.between(1, 4); i > 0; i--) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
                yield bytes;
            }
            case 4 -> random.bytes(random.nextInt(FIXED_PREFIX + 1));
            default -> random.chance(0.5) ? null : random.bytes(random.between(1, 100));
        };
    }
}
