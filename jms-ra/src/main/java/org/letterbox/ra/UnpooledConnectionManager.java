package org.letterbox.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection manager for use outside an application server ({@code createConnectionFactory()}): no pool,
 * every handle gets its own managed connection, destroyed when the handle closes.
 */
final class UnpooledConnectionManager implements ConnectionManager, ConnectionEventListener {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(UnpooledConnectionManager.class);

    @Override
    public Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo info) throws ResourceException {
        ManagedConnection connection = factory.createManagedConnection(null, info);
        connection.addConnectionEventListener(this);
        return connection.getConnection(null, info);
    }

    @Override
    public void connectionClosed(ConnectionEvent event) {
        destroy(event);
    }

    @Override
    public void connectionErrorOccurred(ConnectionEvent event) {
        destroy(event);
    }

    private static void destroy(ConnectionEvent event) {
        try {
            ((ManagedConnection) event.getSource()).destroy();
        } catch (ResourceException e) {
            LOG.debug("could not destroy {}", event.getSource(), e);
        }
    }

    @Override
    public void localTransactionStarted(ConnectionEvent event) {
    }

    @Override
    public void localTransactionCommitted(ConnectionEvent event) {
    }

    @Override
    public void localTransactionRolledback(ConnectionEvent event) {
    }
}
