package org.letterbox.jms.message;

import jakarta.jms.MessageFormatException;

import java.util.function.Supplier;

/** The body type of a message; its code is the second byte of the encoded form (see {@link MessageCodec}). */
public enum MessageType {
    PLAIN(0, LetterboxMessage::new),
    TEXT(1, LetterboxTextMessage::new),
    BYTES(2, LetterboxBytesMessage::new),
    MAP(3, LetterboxMapMessage::new),
    STREAM(4, LetterboxStreamMessage::new),
    OBJECT(5, LetterboxObjectMessage::new);

    private static final MessageType[] BY_CODE = values(); // codes are the ordinals, checked in the constructor

    private final byte code;
    private final Supplier<LetterboxMessage> factory;

    MessageType(int code, Supplier<LetterboxMessage> factory) {
        if (code != ordinal()) {
            throw new AssertionError("message type codes must follow declaration order");
        }
        this.code = (byte) code;
        this.factory = factory;
    }

    public byte code() {
        return code;
    }

    public static MessageType ofCode(int code) throws MessageFormatException {
        if (code < 0 || code >= BY_CODE.length) {
            throw new MessageFormatException("unknown message type " + code);
        }
        return BY_CODE[code];
    }

    LetterboxMessage newMessage() {
        return factory.get();
    }
}
