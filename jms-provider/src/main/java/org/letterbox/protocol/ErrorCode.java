package org.letterbox.protocol;

/**
 * Error kinds a broker reports; the client maps each to the matching {@code JMSException} subclass
 * (see {@code org.letterbox.client.Errors}).
 */
public enum ErrorCode {
    /** jakarta.jms.JMSException */
    GENERIC,
    /** jakarta.jms.IllegalStateException */
    ILLEGAL_STATE,
    /** jakarta.jms.InvalidClientIDException */
    INVALID_CLIENT_ID,
    /** jakarta.jms.InvalidDestinationException */
    INVALID_DESTINATION,
    /** jakarta.jms.InvalidSelectorException */
    INVALID_SELECTOR,
    /** jakarta.jms.JMSSecurityException */
    SECURITY,
    /** jakarta.jms.TransactionRolledBackException */
    TRANSACTION_ROLLED_BACK,
    /** jakarta.jms.ResourceAllocationException */
    RESOURCE_ALLOCATION,
    /** jakarta.jms.MessageFormatException */
    MESSAGE_FORMAT,
    /** a frame the broker could not understand; the connection is closed after it */
    PROTOCOL;

    private static final ErrorCode[] VALUES = values();

    public static ErrorCode of(int ordinal) {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : GENERIC;
    }
}
