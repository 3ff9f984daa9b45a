package org.letterbox.ra;

import javax.transaction.xa.XAException;

/** XAExceptions the adapter raises itself, with the error code a transaction manager acts on and a readable reason. */
final class XaErrors {

    private XaErrors() {
    }

    /** {@code XAER_RMFAIL}: the broker cannot be reached now; the transaction manager retries (recovery). */
    static XAException rmFail(String why, Throwable cause) {
        return of(XAException.XAER_RMFAIL, "XAER_RMFAIL: " + why, cause);
    }

    /** {@code XAER_PROTO}: the call is not allowed on this resource. */
    static XAException proto(String why) {
        return of(XAException.XAER_PROTO, "XAER_PROTO: " + why, null);
    }

    private static XAException of(int code, String message, Throwable cause) {
        XAException e = new XAException(message);
        e.errorCode = code;
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
