package org.letterbox.jms.message;

import jakarta.jms.MessageFormatException;

/** A MessageFormatException that keeps its cause both as the JMS linked exception and the Java cause. */
final class FormatExceptions {
    private FormatExceptions() {
    }

    static MessageFormatException withCause(String message, Exception cause) {
        MessageFormatException e = new MessageFormatException(message);
        e.setLinkedException(cause);
        e.initCause(cause);
        return e;
    }
}
