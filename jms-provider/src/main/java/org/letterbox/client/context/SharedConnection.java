package org.letterbox.client.context;

import jakarta.jms.Connection;

/**
 * The classic connection behind one or more JMSContexts (the first from a ConnectionFactory, the others from
 * {@code JMSContext.createContext(int)}), reference-counted: the last context to close closes it.
 */
final class SharedConnection {

    final Connection connection;

    private int references = 1;

    /**
     * Set once any context of this connection has been used for something other than reading its settings; from
     * then on setClientID is refused with IllegalStateRuntimeException ("before any other action", JMSContext
     * javadoc), whatever the classic connection would allow.
     */
    private volatile boolean clientIdFrozen;

    SharedConnection(Connection connection) {
        this.connection = connection;
    }

    /** Adds a context; false if the connection was already released by its last context. */
    synchronized boolean retain() {
        if (references == 0) {
            return false;
        }
        references++;
        return true;
    }

    /** Removes a context; true if it was the last one (the caller then closes the connection). */
    synchronized boolean release() {
        return --references == 0;
    }

    synchronized int references() {
        return references;
    }

    void freezeClientId() {
        clientIdFrozen = true;
    }

    boolean clientIdFrozen() {
        return clientIdFrozen;
    }
}
