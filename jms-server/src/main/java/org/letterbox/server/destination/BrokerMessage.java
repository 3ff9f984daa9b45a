package org.letterbox.server.destination;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import org.letterbox.jms.message.LetterboxMessage;
import org.letterbox.jms.message.MessageCodec;
import org.letterbox.selector.SelectorContext;

/**
 * A message as the broker holds it: the producer's encoded bytes (stored and forwarded as they are) plus
 * the few routing fields read from their fixed prefix. One instance is shared by every subscription a
 * topic message fans out to; per-subscription state lives in {@link QueueEntry}.
 */
public final class BrokerMessage {
    private final long sequence;
    private final byte[] bytes;
    private final int priority;
    private final long expiration;
    private final long deliveryTime;
    private final boolean persistent;
    private final String producerConnectionId;
    private LetterboxMessage decoded; // only for selectors, decoded on first need
    private long journalIndex = -1;   // where the store journaled it; -1 if it is not journaled

    /** @throws jakarta.jms.MessageFormatException when the bytes are too short to hold the fixed prefix */
    public BrokerMessage(long sequence, byte[] bytes, String producerConnectionId) throws JMSException {
        this.sequence = sequence;
        this.bytes = bytes;
        this.priority = Math.max(0, Math.min(9, MessageCodec.priority(bytes)));
        this.expiration = MessageCodec.expiration(bytes);
        this.deliveryTime = MessageCodec.deliveryTime(bytes);
        this.persistent = MessageCodec.deliveryMode(bytes) == DeliveryMode.PERSISTENT;
        this.producerConnectionId = producerConnectionId;
    }

    /** Broker-wide arrival order; ties within a priority are broken by it. */
    public long sequence() {
        return sequence;
    }

    /** Where the store journaled this message (it can be read back from there), or -1. */
    public long journalIndex() {
        return journalIndex;
    }

    public void journalIndex(long index) {
        this.journalIndex = index;
    }

    public byte[] bytes() {
        return bytes;
    }

    public int priority() {
        return priority;
    }

    public long deliveryTime() {
        return deliveryTime;
    }

    public boolean persistent() {
        return persistent;
    }

    public String producerConnectionId() {
        return producerConnectionId;
    }

    public boolean isExpired(long now) {
        return expiration != 0 && expiration <= now;
    }

    /** Header and property values for selector evaluation; JMSXDeliveryCount is the given count. */
    public SelectorContext selectorContext(int deliveryCount) throws JMSException {
        if (decoded == null) {
            decoded = MessageCodec.decode(bytes);
        }
        decoded.setDeliveryCount(deliveryCount);
        return decoded;
    }
}
