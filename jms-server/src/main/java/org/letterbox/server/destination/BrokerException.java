package org.letterbox.server.destination;

import org.letterbox.protocol.ErrorCode;

/** A request the broker refuses; becomes an Error frame with this code. Never fatal to the broker. */
public class BrokerException extends Exception {
    private final ErrorCode code;

    public BrokerException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
