package org.letterbox.server.fuzz;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Breaks encoded frames the ways a buggy or hostile peer would: flipped bits, cut or extended bodies (with the length
 * prefix fixed up, so the broker's decoder sees a whole frame that lies inside), a wrong length prefix (so the stream
 * loses its framing), another type byte on the same body, a frame spliced into another.
 */
final class FrameMutator {
    enum Mutation {
        BIT_FLIPS, TRUNCATE, EXTEND, WRONG_LENGTH, OTHER_TYPE, SPLICE, BODY_FIELD_EXTREME
    }

    private final FuzzRandom random;

    FrameMutator(FuzzRandom random) {
        this.random = random;
    }

    Mutation pick() {
        Mutation[] all = Mutation.values();
        return all[random.nextInt(all.length)];
    }

    byte[] mutate(byte[] frame, byte[] other) {
        return mutate(pick(), frame, other);
    }

    byte[] mutate(Mutation mutation, byte[] frame, byte[] other) {
        return switch (mutation) {
            case BIT_FLIPS -> flipBits(frame);
            case TRUNCATE -> fixLength(Arrays.copyOf(frame, random.between(WireBytes.LENGTH_BYTES, frame.length)));
            case EXTEND -> fixLength(WireBytes.concat(frame, random.bytes(random.between(1, 64))));
            case WRONG_LENGTH -> wrongLength(frame);
            case OTHER_TYPE -> otherType(frame);
            case SPLICE -> splice(frame, other);
            case BODY_FIELD_EXTREME -> extremeInt(frame);
        };
    }

    private byte[] flipBits(byte[] frame) {
        byte[] copy = frame.clone();
        // the length prefix is left alone half the time, so most flips land in a frame the decoder does take
        int from = random.chance(0.5) ? WireBytes.LENGTH_BYTES : 0;
        if (from >= copy.length) {
            from = 0;
        }
        for (int i = random.between(1, 4); i > 0; i--) {
            copy[random.between(from, copy.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
    }

    private byte[] wrongLength(byte[] frame) {
        byte[] copy = frame.clone();
        int real = copy.length - WireBytes.LENGTH_BYTES;
        int lie = switch (random.nextInt(6)) {
            case 0 -> real - random.between(1, Math.max(2, real + 1));
            case 1 -> real + random.between(1, 100);
            case 2 -> 0;
            case 3 -> -1;
            case 4 -> Integer.MAX_VALUE;
            default -> random.between(0, 4);
        };
        ByteBuffer.wrap(copy).putInt(0, lie);
        return copy;
    }

    private byte[] otherType(byte[] frame) {
        byte[] copy = frame.clone();
        if (copy.length > WireBytes.LENGTH_BYTES) {
            copy[WireBytes.LENGTH_BYTES] = (byte) (random.chance(0.8) ? random.between(0, 72) : random.nextInt(256));
        }
        return copy;
    }

    private byte[] splice(byte[] frame, byte[] other) {
        int cut = random.between(0, frame.length);
        int from = random.between(0, other.length);
        return WireBytes.concat(Arrays.copyOf(frame, cut), Arrays.copyOfRange(other, from, other.length));
    }

    /** Overwrites 4 aligned-looking body bytes with an extreme int: a count, length or id turned huge or negative. */
    private byte[] extremeInt(byte[] frame) {
        byte[] copy = frame.clone();
        int bodyStart = WireBytes.LENGTH_BYTES + WireBytes.HEADER_BYTES;
        if (copy.length < bodyStart + 4) {
            return flipBits(copy);
        }
        int at = random.between(bodyStart, copy.length - 3);
        int value = random.pick(java.util.List.of(-1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7FFF_FFF0, 65536));
        ByteBuffer.wrap(copy).putInt(at, value);
        return copy;
    }

    private static byte[] fixLength(byte[] frame) {
        if (frame.length >= WireBytes.LENGTH_BYTES) {
            ByteBuffer.wrap(frame).putInt(0, frame.length - WireBytes.LENGTH_BYTES);
        }
        return frame;
    }
}
