package org.letterbox.server.destination;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.letterbox.jms.message.LetterboxMessage;
import org.letterbox.jms.message.MessageCodec;
import org.letterbox.selector.SelectorContext;

/**
 * A message as the broker holds it: the producer's encoded bytes (stored and forwarded as they are) plus
 * the few routing fields read from their fixed prefix. One instance is shared by every subscription a
 * topic message fans out to; per-subscription state lives in {@link QueueEntry}.
 *
 * <p>While anything in the broker keeps it ({@link #hold}: a queue entry, a transaction, a wait for its fsync) its
 * bytes, and the selector view once decoded, are charged to the {@link MemoryBudget} once, however many hold it.
 */
public final class BrokerMessage {
    /** Object headers and fields of a message besides its bytes. */
    static final long OVERHEAD_BYTES = 160;
    /** A decoded selector view: the message object and its property map, besides about twice the header bytes. */
    private static final long DECODED_OVERHEAD_BYTES = 512;

    private final long sequence;
    private final byte[] bytes;
    private final int priority;
    private final long expiration;
    private final long deliveryTime;
    private final boolean persistent;
    private final String producerConnectionId;
    private LetterboxMessage decoded;     // headers and properties only, for selectors, decoded on first need
    private MessageFormatException undecodable; // why the selector view cannot be built, once found
    private long journalIndex = -1;       // where the store journaled it; -1 if it is not journaled
    private int holds;
    private long charged;
    private MemoryBudget budget;

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

    /** What keeping this message in memory costs: its bytes and object (the selector view comes on top). */
    public long footprint() {
        return bytes.length + OVERHEAD_BYTES;
    }

    /** Something keeps this message in memory from now on; the first holder charges it to {@code memory}. */
    public void hold(MemoryBudget memory) {
        if (holds++ == 0) {
            budget = memory;
            charged = footprint() + (decoded == null ? 0 : decodedFootprint());
            memory.charge(charged);
        }
    }

    /** A holder let go; when the last one has, the message no longer counts against the budget. */
    public void release() {
        if (holds <= 0) {
            throw new IllegalStateException("message " + sequence + " released more often than held");
        }
        if (--holds == 0) {
            budget.release(charged);
            charged = 0;
            budget = null;
        }
    }

    /** Whether anything holds it (for tests and checks). */
    public int holds() {
        return holds;
    }

    /**
     * Header and property values for selector evaluation; JMSXDeliveryCount is the given count. Decoded once and kept
     * (charged to the budget while held); a message that cannot be decoded fails every time without decoding again.
     */
    public SelectorContext selectorContext(int deliveryCount) throws MessageFormatException {
        if (decoded == null) {
            if (undecodable != null) {
                throw undecodable;
            }
            try {
                decoded = MessageCodec.decodeHeaders(bytes);
            } catch (MessageFormatException e) {
                undecodable = e;
                throw e;
            }
            if (holds > 0) {
                long view = decodedFootprint();
                charged += view;
                budget.charge(view);
            }
        }
        decoded.setDeliveryCount(deliveryCount);
        return decoded;
    }

    /** Why the selector view cannot be built, once a selector has tried; null otherwise. */
    public MessageFormatException undecodable() {
        return undecodable;
    }

    private long decodedFootprint() {
        // the view holds strings of the headers and properties: at most twice their UTF-8 bytes as Java chars
        return DECODED_OVERHEAD_BYTES + 2L * Math.min(bytes.length, 64 * 1024);
    }
}
