package org.letterbox.client;

import jakarta.jms.JMSException;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TopicSession;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicSession;

/**
 * A session whose transactions a transaction manager drives through its {@link LetterboxXAResource}.
 *
 * <p>Inside a branch (between {@code XAResource.start} and {@code end}) its sends and the messages it consumes
 * belong to the branch: the broker holds the sends, and {@code end} hands the branch the consumed deliveries. This
 * includes a message a MessageListener of this session is handling when the branch starts (a resource adapter
 * starts it in {@code beforeDelivery}, inside {@code onMessage}). Outside a branch the session behaves like
 * AUTO_ACKNOWLEDGE: each send and each consumed message is final at once, which is what application servers expect of
 * an XA session used without a global transaction.
 *
 * <p>As the spec requires, {@link #getTransacted()} is true and {@link #commit()}/{@link #rollback()} throw
 * {@link TransactionInProgressException}: only the transaction manager completes the work.
 */
public class LetterboxXASession extends LetterboxSession implements XASession, XAQueueSession, XATopicSession {

    private final LetterboxXAResource resource;

    LetterboxXASession(LetterboxConnection connection, int sessionId, SessionDomain domain) {
        super(connection, sessionId, SESSION_TRANSACTED, domain);
        acknowledgements().switchMode(AUTO_ACKNOWLEDGE); // no branch yet
        this.resource = new LetterboxXAResource(this);
    }

    @Override
    public Session getSession() throws JMSException {
        checkClosed();
        return this;
    }

    @Override
    public QueueSession getQueueSession() throws JMSException {
        checkClosed();
        return this;
    }

    @Override
    public TopicSession getTopicSession() throws JMSException {
        checkClosed();
        return this;
    }

    @Override
    public LetterboxXAResource getXAResource() {
        return resource;
    }

    @Override
    public boolean getTransacted() throws JMSException {
        checkClosed();
        return true;
    }

    @Override
    public void commit() throws JMSException {
        checkClosed();
        throw new TransactionInProgressException("commit() is not allowed on an XA session: its transaction manager"
                + " completes the work through the XAResource");
    }

    @Override
    public void rollback() throws JMSException {
        checkClosed();
        throw new TransactionInProgressException("rollback() is not allowed on an XA session: its transaction manager"
                + " completes the work through the XAResource");
    }

    // ------------------------------------------------------------------ branch association (called by the resource)

    /** The broker associated this session with a branch: from now on sends are held and consumed messages wait. */
    void enterBranch() {
        transactedSends().forget();
        acknowledgements().switchMode(SESSION_TRANSACTED);
    }

    /** The association ended: back to AUTO_ACKNOWLEDGE. */
    void leaveBranch() {
        acknowledgements().switchMode(AUTO_ACKNOWLEDGE);
    }

    @Override
    public String toString() {
        return "LetterboxXASession[" + connection().connectionId() + "/" + sessionId() + "]";
    }
}
