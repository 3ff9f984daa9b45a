package org.letterbox.client.context;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Session;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XASession;

import javax.transaction.xa.XAResource;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The simplified API's {@link XAJMSContext}: a {@link LetterboxJMSContext} over an XA session (created, like any
 * context's session, on first use). Its {@link #getXAResource()} is that session's resource; inside a branch its sends
 * and receives belong to the branch, outside one they are final at once (see
 * {@link org.letterbox.client.LetterboxXASession}). {@link #getTransacted()} is true, {@link #getSessionMode()}
 * SESSION_TRANSACTED, and {@link #commit()}/{@link #rollback()} throw {@link TransactionInProgressRuntimeException}.
 */
public final class LetterboxXAJMSContext extends LetterboxJMSContext implements XAJMSContext {

    private LetterboxXAJMSContext(SharedConnection shared) {
        super(shared, SESSION_TRANSACTED);
    }

    /**
     * Opens an XA connection with {@code connectionOpener} and returns a context owning it (what
     * {@code XAConnectionFactory.createXAContext(...)} calls).
     *
     * @throws JMSRuntimeException if the connection cannot be opened (a JMSSecurityRuntimeException for bad credentials)
     */
    public static LetterboxXAJMSContext create(Callable<? extends XAConnection> connectionOpener) {
        Objects.requireNonNull(connectionOpener, "connectionOpener");
        XAConnection connection = openConnection(connectionOpener);
        return new LetterboxXAJMSContext(new SharedConnection(connection));
    }

    @Override
    Session openSession() throws JMSException {
        return ((XAConnection) sharedConnection().connection).createXASession();
    }

    @Override
    public JMSContext getContext() {
        checkOpen();
        return this;
    }

    @Override
    public XAResource getXAResource() {
        checkOpen();
        return ((XASession) session()).getXAResource();
    }

    @Override
    public boolean getTransacted() {
        checkOpen();
        return true;
    }

    @Override
    public void commit() {
        checkOpen();
        throw new TransactionInProgressRuntimeException("commit() is not allowed on an XAJMSContext: its transaction"
                + " manager completes the work through the XAResource");
    }

    @Override
    public void rollback() {
        checkOpen();
        throw new TransactionInProgressRuntimeException("rollback() is not allowed on an XAJMSContext: its"
                + " transaction manager completes the work through the XAResource");
    }
}
