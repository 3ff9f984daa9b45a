package org.letterbox.jms.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.letterbox.jms.LetterboxDestination;
import org.letterbox.protocol.DestinationRef;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * The binary form of a message: encoded once by the producer, stored and forwarded as is by the broker.
 *
 * <pre>
 * offset  0  byte  format version (1)
 *         1  byte  message type ({@link MessageType#code()})
 *         2  byte  JMSDeliveryMode (1 non-persistent, 2 persistent)
 *         3  byte  JMSPriority (0-9)
 *         4  long  JMSTimestamp
 *        12  long  JMSExpiration
 *        20  long  JMSDeliveryTime
 *        28  string JMSMessageID, correlation id (byte 0 none, 1 string, 2 bytes; then the value),
 *            string JMSType, JMSDestination and JMSReplyTo (byte kind or -1 for none; string name),
 *            int property count, then (string name, typed value) each, then the body of the type.
 * </pre>
 * Strings are an int UTF-8 length (-1 for null) and the bytes; all numbers are big-endian. The fixed
 * prefix lets the broker route on priority, delivery mode and times without decoding. Per-delivery
 * state (JMSRedelivered, the delivery count) is not encoded: the broker sends it beside the bytes.
 */
public final class MessageCodec {
    public static final byte FORMAT_VERSION = 1;

    private static final int TYPE_OFFSET = 1;
    private static final int DELIVERY_MODE_OFFSET = 2;
    private static final int PRIORITY_OFFSET = 3;
    private static final int TIMESTAMP_OFFSET = 4;
    private static final int EXPIRATION_OFFSET = 12;
    private static final int DELIVERY_TIME_OFFSET = 20;
    private static final int FIXED_PREFIX_LENGTH = 28;

    private static final byte NO_CORRELATION_ID = 0;
    private static final byte STRING_CORRELATION_ID = 1;
    private static final byte BYTES_CORRELATION_ID = 2;
    private static final byte NO_DESTINATION = -1;
    private static final DestinationRef.Kind[] DESTINATION_KINDS = DestinationRef.Kind.values();

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private MessageCodec() {
    }

    // ---- encode ----

    /**
     * Encodes headers (all but the per-delivery ones), properties and body into one exactly sized array.
     *
     * @throws IllegalArgumentException if the delivery mode or priority is not a JMS value (the producer checks them first)
     */
    public static byte[] encode(LetterboxMessage message) {
        checkRoutingFields(message);
        long size = encodedSize(message);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a message cannot be encoded in more than 2 GiB, this one needs " + size);
        }
        ByteArrayWriter out = new ByteArrayWriter((int) size);
        out.writeByte(FORMAT_VERSION);
        out.writeByte(message.messageType().code());
        out.writeByte(message.getJMSDeliveryMode());
        out.writeByte(message.getJMSPriority());
        out.writeLong(message.getJMSTimestamp());
        out.writeLong(message.getJMSExpiration());
        out.writeLong(message.getJMSDeliveryTime());
        out.writeString(message.getJMSMessageID());
        writeCorrelationId(out, message);
        out.writeString(message.getJMSType());
        writeDestination(out, message.getJMSDestination());
        writeDestination(out, message.getJMSReplyTo());
        MessageProperties properties = message.properties();
        out.writeInt(properties.size());
        for (Map.Entry<String, Object> property : properties.entries()) {
            out.writeString(property.getKey());
            TypedValues.write(out, property.getValue());
        }
        message.encodeBody(out);
        if (out.size() != size) {
            throw new IllegalStateException("encoded " + out.size() + " bytes where " + size + " were computed");
        }
        return out.array();
    }

    private static void checkRoutingFields(LetterboxMessage message) {
        int mode = message.getJMSDeliveryMode();
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new IllegalArgumentException("invalid JMSDeliveryMode " + mode);
        }
        int priority = message.getJMSPriority();
        if (priority < 0 || priority > 9) {
            throw new IllegalArgumentException("JMSPriority " + priority + " outside 0-9");
        }
    }

    private static long encodedSize(LetterboxMessage message) {
        long size = FIXED_PREFIX_LENGTH
                + ByteArrayWriter.sizeOfString(message.getJMSMessageID())
                + correlationIdSize(message)
                + ByteArrayWriter.sizeOfString(message.getJMSType())
                + destinationSize(message.getJMSDestination())
                + destinationSize(message.getJMSReplyTo())
                + Integer.BYTES;
        for (Map.Entry<String, Object> property : message.properties().entries()) {
            size += ByteArrayWriter.sizeOfString(property.getKey()) + TypedValues.sizeOf(property.getValue());
        }
        return size + message.encodedBodySize();
    }

    private static int correlationIdSize(LetterboxMessage message) {
        byte[] bytes = message.correlationIdBytes();
        if (bytes != null) {
            return 1 + ByteArrayWriter.sizeOfByteArray(bytes);
        }
        String id = message.getJMSCorrelationID();
        return id == null ? 1 : 1 + ByteArrayWriter.sizeOfString(id);
    }

    private static void writeCorrelationId(ByteArrayWriter out, LetterboxMessage message) {
        byte[] bytes = message.correlationIdBytes();
        if (bytes != null) {
            out.writeByte(BYTES_CORRELATION_ID);
            out.writeByteArray(bytes);
            return;
        }
        String id = message.getJMSCorrelationID();
        if (id != null) {
            out.writeByte(STRING_CORRELATION_ID);
            out.writeString(id);
        } else {
            out.writeByte(NO_CORRELATION_ID);
        }
    }

    private static int destinationSize(LetterboxDestination destination) {
        return destination == null ? 1 : 1 + ByteArrayWriter.sizeOfString(destination.getPhysicalName());
    }

    private static void writeDestination(ByteArrayWriter out, LetterboxDestination destination) {
        if (destination == null) {
            out.writeByte(NO_DESTINATION);
            return;
        }
        out.writeByte(destination.kind().ordinal());
        out.writeString(destination.getPhysicalName());
    }

    // ---- decode ----

    /**
     * Rebuilds a message of the encoded type. It is not marked received (the client calls
     * {@link LetterboxMessage#markReceived()}); a Bytes or Stream body is already in read mode, as
     * after {@code reset()}. A BytesMessage body shares {@code bytes}: do not change them afterwards.
     *
     * @throws MessageFormatException for anything malformed or truncated
     */
    public static LetterboxMessage decode(byte[] bytes) throws MessageFormatException {
        if (bytes == null) {
            throw new MessageFormatException("no message bytes");
        }
        try {
            return decodeFields(new ByteArrayReader(bytes));
        } catch (MessageFormatException e) {
            throw e;
        } catch (JMSException truncated) { // MessageEOFException from a read past the end
            throw FormatExceptions.withCause("truncated message: " + truncated.getMessage(), truncated);
        }
    }

    /**
     * Rebuilds only the headers and properties of a message, with an empty body: what a selector reads. The broker
     * keeps this view for selectors, so it costs memory in proportion to the headers, not to the body.
     *
     * @throws MessageFormatException for anything malformed or truncated before the body
     */
    public static LetterboxMessage decodeHeaders(byte[] bytes) throws MessageFormatException {
        if (bytes == null) {
            throw new MessageFormatException("no message bytes");
        }
        try {
            return decodeFields(new ByteArrayReader(bytes), false);
        } catch (MessageFormatException e) {
            throw e;
        } catch (JMSException truncated) {
            throw FormatExceptions.withCause("truncated message: " + truncated.getMessage(), truncated);
        }
    }

    private static LetterboxMessage decodeFields(ByteArrayReader in) throws JMSException {
        return decodeFields(in, true);
    }

    private static LetterboxMessage decodeFields(ByteArrayReader in, boolean withBody) throws JMSException {
        checkVersion(in.readByte());
        LetterboxMessage message = MessageType.ofCode(in.readByte()).newMessage();
        message.setJMSDeliveryMode(checkDeliveryMode(in.readByte()));
        message.setJMSPriority(checkPriority(in.readByte()));
        message.setJMSTimestamp(in.readLong());
        message.setJMSExpiration(in.readLong());
        message.setJMSDeliveryTime(in.readLong());
        message.setJMSMessageID(in.readString());
        readCorrelationId(in, message);
        message.setJMSType(in.readString());
        message.setJMSDestination(readDestination(in));
        message.setJMSReplyTo(readDestination(in));
        readProperties(in, message.properties());
        if (!withBody) {
            return message;
        }
        message.decodeBody(in);
        if (in.remaining() != 0) {
            throw new MessageFormatException(in.remaining() + " unexpected bytes after the body");
        }
        return message;
    }

    private static void readCorrelationId(ByteArrayReader in, LetterboxMessage message) throws JMSException {
        byte kind = in.readByte();
        switch (kind) {
            case NO_CORRELATION_ID -> {
            }
            case STRING_CORRELATION_ID -> message.setJMSCorrelationID(requireNonNull(in.readString(), "correlation id"));
            case BYTES_CORRELATION_ID -> message.setJMSCorrelationIDAsBytes(requireNonNull(in.readByteArray(), "correlation id"));
            default -> throw new MessageFormatException("unknown correlation id kind " + kind);
        }
    }

    private static LetterboxDestination readDestination(ByteArrayReader in) throws JMSException {
        byte kind = in.readByte();
        if (kind == NO_DESTINATION) {
            return null;
        }
        if (kind < 0 || kind >= DESTINATION_KINDS.length) {
            throw new MessageFormatException("unknown destination kind " + kind);
        }
        String name = requireNonNull(in.readString(), "destination name");
        return LetterboxDestination.fromRef(new DestinationRef(DESTINATION_KINDS[kind], name));
    }

    private static void readProperties(ByteArrayReader in, MessageProperties properties) throws JMSException {
        int count = in.readCount();
        for (int i = 0; i < count; i++) {
            String name = requireNonNull(in.readString(), "property name");
            properties.put(name, TypedValues.readProperty(in));
        }
    }

    private static <T> T requireNonNull(T value, String what) throws MessageFormatException {
        if (value == null) {
            throw new MessageFormatException("missing " + what);
        }
        return value;
    }

    // ---- the fixed prefix, read in place by the broker ----

    /** The body type. */
    public static MessageType type(byte[] message) throws MessageFormatException {
        checkPrefix(message);
        return MessageType.ofCode(message[TYPE_OFFSET]);
    }

    /** {@link DeliveryMode#PERSISTENT} or {@link DeliveryMode#NON_PERSISTENT}. */
    public static int deliveryMode(byte[] message) throws MessageFormatException {
        checkPrefix(message);
        return checkDeliveryMode(message[DELIVERY_MODE_OFFSET]);
    }

    public static int priority(byte[] message) throws MessageFormatException {
        checkPrefix(message);
        return checkPriority(message[PRIORITY_OFFSET]);
    }

    public static long timestamp(byte[] message) throws MessageFormatException {
        checkPrefix(message);
        return (long) LONG.get(message, TIMESTAMP_OFFSET);
    }

    /** 0 when the message never expires. */
    public static long expiration(byte[] message) throws MessageFormatException {
        checkPrefix(message);
        return (long) LONG.get(message, EXPIRATION_OFFSET);
    }

    public static long deliveryTime(byte[] message) throws MessageFormatException {
        checkPrefix(message);
        return (long) LONG.get(message, DELIVERY_TIME_OFFSET);
    }

    private static void checkPrefix(byte[] message) throws MessageFormatException {
        if (message == null || message.length < FIXED_PREFIX_LENGTH) {
            throw new MessageFormatException("a message has at least " + FIXED_PREFIX_LENGTH + " bytes");
        }
        checkVersion(message[0]);
    }

    private static void checkVersion(byte version) throws MessageFormatException {
        if (version != FORMAT_VERSION) {
            throw new MessageFormatException("unknown message format version " + version);
        }
    }

    private static int checkDeliveryMode(byte mode) throws MessageFormatException {
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new MessageFormatException("invalid delivery mode " + mode);
        }
        return mode;
    }

    private static int checkPriority(byte priority) throws MessageFormatException {
        if (priority < 0 || priority > 9) {
            throw new MessageFormatException("priority " + priority + " outside 0-9");
        }
        return priority;
    }
}
