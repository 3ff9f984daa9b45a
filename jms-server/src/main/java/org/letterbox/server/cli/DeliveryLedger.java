package org.letterbox.server.cli;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which messages of a perf round one subscription has received (for a queue: all its consumers together):
 * a compact bitset per producer, one bit per sequence number, safe for concurrent consumers.
 * A bit seen twice is a duplicate; a producer id or sequence number outside the plan is unexpected; an unset
 * bit at the end is a lost message.
 */
final class DeliveryLedger {

    enum Outcome { FIRST, DUPLICATE, UNEXPECTED }

    private final int[] expected;
    private final AtomicLongArray[] seen;
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder unexpected = new LongAdder();

    /** @param expected messages per producer: producer {@code p} sends sequence numbers {@code 0..expected[p]-1} */
    DeliveryLedger(int[] expected) {
        this.expected = expected.clone();
        this.seen = new AtomicLongArray[expected.length];
        for (int p = 0; p < expected.length; p++) {
            seen[p] = new AtomicLongArray((expected[p] + 63) >>> 6);
        }
    }

    Outcome record(int producer, int sequence) {
        if (producer < 0 || producer >= expected.length || sequence < 0 || sequence >= expected[producer]) {
            unexpected.increment();
            return Outcome.UNEXPECTED;
        }
        long bit = 1L << (sequence & 63);
        long before = seen[producer].getAndAccumulate(sequence >>> 6, bit, (word, mask) -> word | mask);
        if ((before & bit) != 0) {
            duplicates.increment();
            return Outcome.DUPLICATE;
        }
        return Outcome.FIRST;
    }

    long expectedTotal() {
        long total = 0;
        for (int n : expected) {
            total += n;
        }
        return total;
    }

    /** Distinct messages received. */
    long distinct() {
        long total = 0;
        for (AtomicLongArray bits : seen) {
            for (int i = 0; i < bits.length(); i++) {
                total += Long.bitCount(bits.get(i));
            }
        }
        return total;
    }

    long lost() {
        return expectedTotal() - distinct();
    }

    long duplicates() {
        return duplicates.sum();
    }

    long unexpected() {
        return unexpected.sum();
    }

    /** The first lost messages, e.g. {@code producer 0 seq 17, 18; producer 1 seq 4}; at most {@code max} listed. */
    String lostSample(int max) {
        StringBuilder sample = new StringBuilder();
        int listed = 0;
        for (int p = 0; p < expected.length && listed < max; p++) {
            boolean first = true;
            for (int seq = 0; seq < expected[p] && listed < max; seq++) {
                if ((seen[p].get(seq >>> 6) & (1L << (seq & 63))) == 0) {
                    if (first) {
                        sample.append(sample.length() == 0 ? "" : "; ").append("producer ").append(p).append(" seq ");
                        first = false;
                    } else {
                        sample.append(", ");
                    }
                    sample.append(seq);
                    listed++;
                }
            }
        }
        return sample.toString();
    }
}
