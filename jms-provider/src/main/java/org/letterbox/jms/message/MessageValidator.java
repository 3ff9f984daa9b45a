package org.letterbox.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;

/**
 * Checks that bytes are a whole, well-formed encoded message (see {@link MessageCodec}) without building it: every
 * header, property and body field is walked and bounds-checked, nothing is allocated. The broker runs it once on
 * each message it accepts, so what it stores and forwards always decodes, and a malformed one is refused at the send.
 */
public final class MessageValidator {
    private static final byte NO_CORRELATION_ID = 0;
    private static final byte STRING_CORRELATION_ID = 1;
    private static final byte BYTES_CORRELATION_ID = 2;
    private static final byte NO_DESTINATION = -1;
    private static final int FIXED_TIMES = 3 * Long.BYTES;

    private MessageValidator() {
    }

    /**
     * @return where the body starts (the length of the headers and properties)
     * @throws MessageFormatException naming what is wrong
     */
    public static int check(byte[] bytes) throws MessageFormatException {
        if (bytes == null) {
            throw new MessageFormatException("no message bytes");
        }
        ByteArrayReader in = new ByteArrayReader(bytes);
        try {
            MessageType type = headers(in);
            int bodyStart = in.position();
            body(type, in);
            if (in.remaining() != 0) {
                throw new MessageFormatException(in.remaining() + " unexpected bytes after the body");
            }
            return bodyStart;
        } catch (MessageFormatException e) {
            throw e;
        } catch (JMSException truncated) { // MessageEOFException from a read past the end
            throw FormatExceptions.withCause("truncated message: " + truncated.getMessage(), truncated);
        }
    }

    private static MessageType headers(ByteArrayReader in) throws JMSException {
        byte version = in.readByte();
        if (version != MessageCodec.FORMAT_VERSION) {
            throw new MessageFormatException("unknown message format version " + version);
        }
        MessageType type = MessageType.ofCode(in.readByte());
        byte mode = in.readByte();
        if (mode != jakarta.jms.DeliveryMode.PERSISTENT && mode != jakarta.jms.DeliveryMode.NON_PERSISTENT) {
            throw new MessageFormatException("invalid delivery mode " + mode);
        }
        byte priority = in.readByte();
        if (priority < 0 || priority > 9) {
            throw new MessageFormatException("priority " + priority + " outside 0-9");
        }
        in.skip(FIXED_TIMES);
        in.skipLengthPrefixed(); // JMSMessageID
        correlationId(in);
        in.skipLengthPrefixed(); // JMSType
        destination(in);
        destination(in);
        int count = in.readCount();
        for (int i = 0; i < count; i++) {
            requireValue(in.skipLengthPrefixed(), "property name");
            TypedValues.skip(in, true);
        }
        return type;
    }

    private static void correlationId(ByteArrayReader in) throws JMSException {
        byte kind = in.readByte();
        switch (kind) {
            case NO_CORRELATION_ID -> {
            }
            case STRING_CORRELATION_ID, BYTES_CORRELATION_ID -> requireValue(in.skipLengthPrefixed(), "correlation id");
            default -> throw new MessageFormatException("unknown correlation id kind " + kind);
        }
    }

    private static void destination(ByteArrayReader in) throws JMSException {
        byte kind = in.readByte();
        if (kind == NO_DESTINATION) {
            return;
        }
        if (kind < 0 || kind > 3) {
            throw new MessageFormatException("unknown destination kind " + kind);
        }
        requireValue(in.skipLengthPrefixed(), "destination name");
    }

    private static void body(MessageType type, ByteArrayReader in) throws JMSException {
        switch (type) {
            case PLAIN -> {
            }
            case TEXT, OBJECT -> in.skipLengthPrefixed();
            case BYTES -> requireValue(in.skipLengthPrefixed(), "BytesMessage body");
            case MAP -> {
                int count = in.readCount();
                for (int i = 0; i < count; i++) {
                    requireValue(in.skipLengthPrefixed(), "map item name");
                    TypedValues.skip(in, false);
                }
            }
            case STREAM -> {
                int count = in.readCount();
                for (int i = 0; i < count; i++) {
                    TypedValues.skip(in, false);
                }
            }
        }
    }

    private static void requireValue(int length, String what) throws MessageFormatException {
        if (length < 0) {
            throw new MessageFormatException("missing " + what);
        }
    }
}
