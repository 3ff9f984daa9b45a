package org.letterbox.server.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The one source of randomness of a fuzz connection, seeded so that a connection's bytes depend only on its seed.
 * Beside plain random values it favours the values that break code: 0, -1, the extremes, off-by-one sizes.
 */
final class FuzzRandom {
    private static final int[] EDGE_INTS = {0, 1, -1, 2, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1,
            Integer.MIN_VALUE + 1, 255, 256, 65535, 65536, 1 << 24, 1 << 30};
    private static final long[] EDGE_LONGS = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE,
            Integer.MIN_VALUE, 1L << 32, 1L << 53};

    private final SplittableRandom random;

    FuzzRandom(long seed) {
        this.random = new SplittableRandom(seed);
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** In [from, to). */
    int between(int from, int to) {
        return random.nextInt(from, to);
    }

    long nextLong() {
        return random.nextLong();
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Mostly a small or known-looking value, sometimes an extreme, sometimes anything. */
    int interestingInt() {
        int roll = random.nextInt(10);
        if (roll < 5) {
            return random.nextInt(-2, 10);
        }
        if (roll < 8) {
            return EDGE_INTS[random.nextInt(EDGE_INTS.length)];
        }
        return random.nextInt();
    }

    long interestingLong() {
        int roll = random.nextInt(10);
        if (roll < 5) {
            return random.nextLong(-2, 10);
        }
        if (roll < 8) {
            return EDGE_LONGS[random.nextInt(EDGE_LONGS.length)];
        }
        return random.nextLong();
    }

    /** One of {@code known} most of the time (so frames hit real sessions and consumers), else an interesting value. */
    int knownOr(List<Integer> known) {
        return !known.isEmpty() && chance(0.8) ? pick(known) : interestingInt();
    }

    long knownOrLong(List<Long> known) {
        return !known.isEmpty() && chance(0.8) ? pick(known) : interestingLong();
    }

    byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** A string that is null, empty, plain, very long, or full of odd characters. */
    String oddString() {
        return switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "x".repeat(random.nextInt(1, 5000));
            case 3 -> "\u0000\uffff\ud83d\ude00 é\n\t'\"%_\\";
            case 4 -> new String(bytes(random.nextInt(1, 64)), StandardCharsets.ISO_8859_1);
            case 5 -> "\ud800"; // a lone surrogate: not encodable as UTF-8
            default -> "fuzz-" + random.nextInt(1000);
        };
    }

    long[] longs(List<Long> known) {
        int length = switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> random.nextInt(500, 3000);
            default -> random.nextInt(1, 6);
        };
        long[] values = new long[length];
        for (int i = 0; i < length; i++) {
            values[i] = knownOrLong(known);
        }
        return values;
    }
}
