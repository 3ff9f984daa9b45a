package org.letterbox.client;

import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.TransactionRolledBackException;
import org.letterbox.protocol.ErrorCode;
import org.letterbox.protocol.Frames;

/** Turns the broker's typed {@link Frames.Error} frames into the matching {@link JMSException} subclass. */
public final class Errors {
    private Errors() {
    }

    /** The exception for an error frame; its message is the broker's text (or the code's name when it sent none). */
    public static JMSException toException(Frames.Error error) {
        return toException(error.code(), error.message());
    }

    public static JMSException toException(ErrorCode code, String message) {
        ErrorCode c = code == null ? ErrorCode.GENERIC : code;
        String text = message == null || message.isEmpty() ? c.name().toLowerCase().replace('_', ' ') : message;
        String errorCode = c.name();
        return switch (c) {
            case GENERIC -> new JMSException(text, errorCode);
            case ILLEGAL_STATE -> new IllegalStateException(text, errorCode);
            case INVALID_CLIENT_ID -> new InvalidClientIDException(text, errorCode);
            case INVALID_DESTINATION -> new InvalidDestinationException(text, errorCode);
            case INVALID_SELECTOR -> new InvalidSelectorException(text, errorCode);
            case SECURITY -> new JMSSecurityException(text, errorCode);
            case TRANSACTION_ROLLED_BACK -> new TransactionRolledBackException(text, errorCode);
            case RESOURCE_ALLOCATION -> new ResourceAllocationException(text, errorCode);
            case MESSAGE_FORMAT -> new MessageFormatException(text, errorCode);
            case PROTOCOL -> new JMSException("protocol error: " + text, errorCode);
        };
    }

    /** A JMSException with {@code cause} linked and set as its cause. */
    public static JMSException wrap(String message, Throwable cause) {
        if (cause instanceof JMSException jmsException && message == null) {
            return jmsException;
        }
        JMSException e = new JMSException(message == null ? String.valueOf(cause) : message);
        if (cause instanceof Exception exception) {
            e.setLinkedException(exception);
        }
        e.initCause(cause);
        return e;
    }

    /**
     * A copy of a (possibly shared) JMSException of the same type, so each caller gets its own stack trace
     * while the original stays reachable as the cause.
     */
    static JMSException copy(JMSException original) {
        JMSException e;
        String m = original.getMessage();
        String code = original.getErrorCode();
        if (original instanceof IllegalStateException) {
            e = new IllegalStateException(m, code);
        } else if (original instanceof InvalidClientIDException) {
            e = new InvalidClientIDException(m, code);
        } else if (original instanceof InvalidDestinationException) {
            e = new InvalidDestinationException(m, code);
        } else if (original instanceof InvalidSelectorException) {
            e = new InvalidSelectorException(m, code);
        } else if (original instanceof JMSSecurityException) {
            e = new JMSSecurityException(m, code);
        } else if (original instanceof TransactionRolledBackException) {
            e = new TransactionRolledBackException(m, code);
        } else if (original instanceof ResourceAllocationException) {
            e = new ResourceAllocationException(m, code);
        } else if (original instanceof MessageFormatException) {
            e = new MessageFormatException(m, code);
        } else {
            e = new JMSException(m, code);
        }
        e.initCause(original);
        if (original.getLinkedException() != null) {
            e.setLinkedException(original.getLinkedException());
        }
        return e;
    }
}
