package org.letterbox.server.cli;

import org.letterbox.server.destination.DeliveryPolicy;
import org.letterbox.server.destination.FullPolicy;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The delivery-policy keys of the config file and {@code run}'s flags, global ({@code maxDeliveryAttempts=5}) or
 * per destination ({@code policy.orders.maxDeliveryAttempts=3}; for a topic, applies to its subscriptions):
 * <pre>
 * maxDeliveryAttempts=10      # then the message goes to the dead-letter queue; 0 = unlimited
 * redeliveryDelay=0           # ms before the first redelivery of a rolled back / recovered message
 * redeliveryBackoff=2.0       # each further redelivery waits this many times longer (at least 1)
 * maxRedeliveryDelay=60000    # ms, the cap on that wait
 * deadLetterQueue=DLQ         # none (or empty): dead letters are dropped
 * expiryQueue=none            # where expired messages go; none: they are dropped
 * memoryLimit=64m             # bytes of waiting messages in memory per destination (k, m, g suffixes; 0 = unlimited;
 *                             # default: an eighth of the heap)
 * fullPolicy=paging           # past the limit: paging (chronicle store default) or block (memory store default)
 * </pre>
 */
final class PolicySettings {
    static final String MAX_DELIVERY_ATTEMPTS = "maxDeliveryAttempts";
    static final String REDELIVERY_DELAY = "redeliveryDelay";
    static final String REDELIVERY_BACKOFF = "redeliveryBackoff";
    static final String MAX_REDELIVERY_DELAY = "maxRedeliveryDelay";
    static final String DEAD_LETTER_QUEUE = "deadLetterQueue";
    static final String EXPIRY_QUEUE = "expiryQueue";
    static final String MEMORY_LIMIT = "memoryLimit";
    static final String FULL_POLICY = "fullPolicy";
    static final String PER_DESTINATION_PREFIX = "policy.";

    static final List<String> KEYS = List.of(MAX_DELIVERY_ATTEMPTS, REDELIVERY_DELAY, REDELIVERY_BACKOFF,
            MAX_REDELIVERY_DELAY, DEAD_LETTER_QUEUE, EXPIRY_QUEUE, MEMORY_LIMIT, FULL_POLICY);

    private PolicySettings() {
    }

    static boolean isKey(String key) {
        return KEYS.contains(key);
    }

    /** {@code policy} with {@code key} set to {@code value}. @throws IllegalArgumentException for a bad value */
    static DeliveryPolicy apply(DeliveryPolicy p, String key, String value) {
        String v = value.strip();
        return switch (key) {
            case MAX_DELIVERY_ATTEMPTS -> p.withMaxDeliveryAttempts(nonNegative((int) integer(v)));
            case REDELIVERY_DELAY -> p.withRedeliveryDelay(nonNegative(integer(v)), p.backoffMultiplier(), p.maxRedeliveryDelayMillis());
            case REDELIVERY_BACKOFF -> p.withRedeliveryDelay(p.redeliveryDelayMillis(), multiplier(v), p.maxRedeliveryDelayMillis());
            case MAX_REDELIVERY_DELAY -> p.withRedeliveryDelay(p.redeliveryDelayMillis(), p.backoffMultiplier(), nonNegative(integer(v)));
            case DEAD_LETTER_QUEUE -> p.withDeadLetterQueue(queueOrNone(v));
            case EXPIRY_QUEUE -> p.withExpiryQueue(queueOrNone(v));
            case MEMORY_LIMIT -> p.withMemoryLimit(size(v), p.fullPolicy());
            case FULL_POLICY -> p.withMemoryLimit(p.memoryLimitBytes(), FullPolicy.parse(v));
            default -> throw new IllegalStateException("not a policy key: " + key);
        };
    }

    /** The global policy (over {@link DeliveryPolicy#DEFAULT}) from its keys. */
    static DeliveryPolicy policy(DeliveryPolicy base, Map<String, String> values) {
        DeliveryPolicy p = base;
        for (Map.Entry<String, String> e : values.entrySet()) {
            p = apply(p, e.getKey(), e.getValue());
        }
        return p;
    }

    /** A byte count: digits with an optional k, m or g suffix (binary units). */
    static long size(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                default -> 1024L * 1024 * 1024;
            };
            t = t.substring(0, t.length() - 1).strip();
        }
        try {
            long n = Long.parseLong(t);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("expected a size in bytes such as 67108864, 512k, 64m or 1g");
        }
    }

    private static long integer(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer");
        }
    }

    private static <N extends Number> N nonNegative(N n) {
        if (n.longValue() < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        return n;
    }

    private static double multiplier(String v) {
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number");
        }
        if (!(d >= 1) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("expected a number of at least 1");
        }
        return d;
    }

    private static String queueOrNone(String v) {
        return v.isEmpty() || v.equalsIgnoreCase("none") ? null : v;
    }
}
