package org.letterbox.protocol;

/** A frame that breaks the protocol: bad type byte, truncated body, bad length. Closes the connection. */
public class ProtocolException extends RuntimeException {
    public ProtocolException(String message) {
        super(message);
    }
}
