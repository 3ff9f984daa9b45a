package org.letterbox.server.destination;

/**
 * What a destination does with messages that keep failing or expire.
 *
 * @param maxDeliveryAttempts      deliveries before a message goes to the dead-letter queue; 0 = unlimited
 * @param redeliveryDelayMillis    wait before the first redelivery of a rolled back / recovered message (0 = at once)
 * @param backoffMultiplier        each further redelivery waits this many times longer (1 = constant)
 * @param maxRedeliveryDelayMillis the cap on that wait
 * @param deadLetterQueue          where messages go after the last attempt (null: they are dropped)
 * @param expiryQueue              where expired messages go (null: they are dropped)
 * @param memoryLimitBytes         bytes of waiting messages held in memory before {@code fullPolicy} applies;
 *                                 -1 = the broker's default, 0 = unlimited
 * @param fullPolicy               paging or block once the memory limit is reached (null: the store's default,
 *                                 paging with the chronicle store, block with the memory store)
 */
public record DeliveryPolicy(int maxDeliveryAttempts, long redeliveryDelayMillis, double backoffMultiplier,
                             long maxRedeliveryDelayMillis, String deadLetterQueue, String expiryQueue,
                             long memoryLimitBytes, FullPolicy fullPolicy) {

    /** Like Artemis: 10 attempts, no delay, then the queue {@code DLQ}; expired messages are dropped. */
    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(10, 0, 2.0, 60_000, "DLQ", null);

    public DeliveryPolicy {
        if (maxDeliveryAttempts < 0 || redeliveryDelayMillis < 0 || maxRedeliveryDelayMillis < 0 || backoffMultiplier < 1
                || memoryLimitBytes < -1) {
            throw new IllegalArgumentException("delivery policy values must not be negative and the backoff multiplier at least 1");
        }
    }

    /** With the broker's default memory limit and full policy. */
    public DeliveryPolicy(int maxDeliveryAttempts, long redeliveryDelayMillis, double backoffMultiplier,
                          long maxRedeliveryDelayMillis, String deadLetterQueue, String expiryQueue) {
        this(maxDeliveryAttempts, redeliveryDelayMillis, backoffMultiplier, maxRedeliveryDelayMillis, deadLetterQueue,
                expiryQueue, -1, null);
    }

    /** Holds at most {@code bytes} of waiting messages in memory (0 = unlimited), then applies {@code policy}. */
    public DeliveryPolicy withMemoryLimit(long bytes, FullPolicy policy) {
        return new DeliveryPolicy(maxDeliveryAttempts, redeliveryDelayMillis, backoffMultiplier, maxRedeliveryDelayMillis,
                deadLetterQueue, expiryQueue, bytes, policy);
    }

    public DeliveryPolicy withMaxDeliveryAttempts(int attempts) {
        return new DeliveryPolicy(attempts, redeliveryDelayMillis, backoffMultiplier, maxRedeliveryDelayMillis, deadLetterQueue, expiryQueue, memoryLimitBytes, fullPolicy);
    }

    public DeliveryPolicy withRedeliveryDelay(long delayMillis, double multiplier, long maxDelayMillis) {
        return new DeliveryPolicy(maxDeliveryAttempts, delayMillis, multiplier, maxDelayMillis, deadLetterQueue, expiryQueue, memoryLimitBytes, fullPolicy);
    }

    public DeliveryPolicy withDeadLetterQueue(String queue) {
        return new DeliveryPolicy(maxDeliveryAttempts, redeliveryDelayMillis, backoffMultiplier, maxRedeliveryDelayMillis, queue, expiryQueue, memoryLimitBytes, fullPolicy);
    }

    public DeliveryPolicy withExpiryQueue(String queue) {
        return new DeliveryPolicy(maxDeliveryAttempts, redeliveryDelayMillis, backoffMultiplier, maxRedeliveryDelayMillis, deadLetterQueue, queue, memoryLimitBytes, fullPolicy);
    }

    /** The wait before redelivering a message that has failed {@code failures} times (1 = first redelivery). */
    public long redeliveryDelay(int failures) {
        if (redeliveryDelayMillis == 0 || failures <= 0) {
            return 0;
        }
        double delay = redeliveryDelayMillis * Math.pow(backoffMultiplier, failures - 1);
        return (long) Math.min(delay, maxRedeliveryDelayMillis == 0 ? Long.MAX_VALUE : maxRedeliveryDelayMillis);
    }

    /** Whether a message that has failed {@code failures} times has had its last attempt. */
    public boolean exhausted(int failures) {
        return maxDeliveryAttempts > 0 && failures >= maxDeliveryAttempts;
    }
}
