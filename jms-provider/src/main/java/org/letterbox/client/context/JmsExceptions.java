package org.letterbox.client.context;

import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;

/**
 * Maps the checked exceptions of the classic API ({@link JMSException} and its subclasses) to the unchecked
 * exceptions of the simplified API ({@link JMSRuntimeException} and its subclasses), as the JMS 2.0 javadoc pairs
 * them.
 *
 * <p>The result keeps the message and the error code. Its cause is the JMSException's linked exception when there is
 * one (the root problem, e.g. an {@code IOException}), otherwise the JMSException itself (so its own cause chain and
 * stack are kept).
 */
public final class JmsExceptions {

    private JmsExceptions() {
    }

    /**
     * Returns the {@link JMSRuntimeException} counterpart of {@code e}: {@code IllegalStateException} becomes
     * {@link IllegalStateRuntimeException}, {@code InvalidClientIDException} becomes
     * {@link InvalidClientIDRuntimeException}, and so on for every standard subclass; any other JMSException
     * (including a provider-specific subclass of JMSException itself) becomes a plain {@link JMSRuntimeException}.
     * A subclass of a standard subclass maps like its standard parent.
     *
     * @param e the exception to convert, not null
     * @return a new runtime exception, never null
     */
    public static JMSRuntimeException toRuntime(JMSException e) {
        String message = e.getMessage();
        String code = e.getErrorCode();
        Throwable cause = e.getLinkedException() != null ? e.getLinkedException() : e;
        if (e instanceof IllegalStateException) {
            return new IllegalStateRuntimeException(message, code, cause);
        } else if (e instanceof InvalidClientIDException) {
            return new InvalidClientIDRuntimeException(message, code, cause);
        } else if (e instanceof InvalidDestinationException) {
            return new InvalidDestinationRuntimeException(message, code, cause);
        } else if (e instanceof InvalidSelectorException) {
            return new InvalidSelectorRuntimeException(message, code, cause);
        } else if (e instanceof JMSSecurityException) {
            return new JMSSecurityRuntimeException(message, code, cause);
        } else if (e instanceof MessageFormatException) {
            return new MessageFormatRuntimeException(message, code, cause);
        } else if (e instanceof MessageNotWriteableException) {
            return new MessageNotWriteableRuntimeException(message, code, cause);
        } else if (e instanceof ResourceAllocationException) {
            return new ResourceAllocationRuntimeException(message, code, cause);
        } else if (e instanceof TransactionInProgressException) {
            return new TransactionInProgressRuntimeException(message, code, cause);
        } else if (e instanceof TransactionRolledBackException) {
            return new TransactionRolledBackRuntimeException(message, code, cause);
        }
        return new JMSRuntimeException(message, code, cause);
    }

    /**
     * Converts any throwable met while calling the classic API: a {@link JMSRuntimeException} is returned as is, a
     * {@link JMSException} is mapped by {@link #toRuntime(JMSException)}, anything else is wrapped in a plain
     * {@link JMSRuntimeException} whose cause it is.
     */
    public static JMSRuntimeException toRuntime(Throwable t) {
        if (t instanceof JMSRuntimeException jre) {
            return jre;
        }
        if (t instanceof JMSException je) {
            return toRuntime(je);
        }
        String message = t.getMessage() != null ? t.getMessage() : t.toString();
        return new JMSRuntimeException(message, null, t);
    }
}
