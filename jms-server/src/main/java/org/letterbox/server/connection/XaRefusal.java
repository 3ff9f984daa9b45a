package org.letterbox.server.connection;

/** An XA request the broker refuses, with the XA code ({@code XAException.XAER_*}/{@code XA_RB*}) the client throws. */
final class XaRefusal extends Exception {
    private final int code;

    XaRefusal(int code, String message) {
        super(message, null, false, false); // an answer, not a fault: no stack trace
        this.code = code;
    }

    int code() {
        return code;
    }
}
