package org.letterbox.ra;

import jakarta.jms.IllegalStateException;

/** The calls Jakarta Messaging 3.1 §12.2 forbids to applications in a Jakarta EE web or EJB container. */
final class ContainerRules {

    private ContainerRules() {
    }

    static IllegalStateException forbidden(String method) {
        return new IllegalStateException(method + " is not allowed on a connection from the Letterbox resource adapter"
                + " (Jakarta Messaging 3.1 section 12.2: not permitted in a Jakarta EE container)");
    }
}
