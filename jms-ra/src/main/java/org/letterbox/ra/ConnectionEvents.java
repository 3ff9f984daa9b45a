package org.letterbox.ra;

import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ManagedConnection;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** The container's listeners on one managed connection, and the events sent to them. */
final class ConnectionEvents {

    private final ManagedConnection source;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();

    ConnectionEvents(ManagedConnection source) {
        this.source = source;
    }

    void add(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    void remove(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    /** An application closed {@code handle}: the container may return the managed connection to its pool. */
    void closed(Object handle) {
        ConnectionEvent event = new ConnectionEvent(source, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        fire(event, ConnectionEventListener::connectionClosed);
    }

    /** The physical connection failed: the container must destroy the managed connection. */
    void errorOccurred(Exception cause) {
        fire(new ConnectionEvent(source, ConnectionEvent.CONNECTION_ERROR_OCCURRED, cause),
                ConnectionEventListener::connectionErrorOccurred);
    }

    private void fire(ConnectionEvent event, BiConsumer<ConnectionEventListener, ConnectionEvent> call) {
        for (ConnectionEventListener listener : listeners) {
            call.accept(listener, event);
        }
    }
}
