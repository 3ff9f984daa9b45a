package org.letterbox.jms;

import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueConnectionFactory;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicConnectionFactory;
import org.letterbox.client.ConnectionConfig;
import org.letterbox.client.ConnectionDomain;
import org.letterbox.client.LetterboxXAConnection;
import org.letterbox.client.context.LetterboxXAJMSContext;

/**
 * Letterbox's {@link XAConnectionFactory} (also the queue/topic flavours), for transaction managers and resource
 * adapters: {@code createXAConnection()} gives connections whose XA sessions' {@code XAResource}s take part in
 * global transactions. Configured exactly like {@link LetterboxConnectionFactory} (URL, bean properties, JNDI), and
 * its plain {@code createConnection()}/{@code createContext()} work as there.
 *
 * <pre>{@code
 * XAConnectionFactory cf = new LetterboxXAConnectionFactory("tcp://broker:61616");
 * }</pre>
 */
public class LetterboxXAConnectionFactory extends LetterboxConnectionFactory
        implements XAConnectionFactory, XAQueueConnectionFactory, XATopicConnectionFactory {

    private static final long serialVersionUID = 1L;

    /** A factory for {@value org.letterbox.client.BrokerUrl#DEFAULT_URL}. */
    public LetterboxXAConnectionFactory() {
        super();
    }

    /**
     * A factory for {@code brokerUrl}.
     *
     * @throws IllegalArgumentException if the URL is null or invalid (the message says why)
     */
    public LetterboxXAConnectionFactory(String brokerUrl) {
        super(brokerUrl);
    }

    // ------------------------------------------------------------------ XA connections

    @Override
    public XAConnection createXAConnection() throws JMSException {
        return openXA(configFor());
    }

    @Override
    public XAConnection createXAConnection(String userName, String password) throws JMSException {
        return openXA(configFor(userName, password));
    }

    @Override
    public XAQueueConnection createXAQueueConnection() throws JMSException {
        return openXA(configFor(), ConnectionDomain.QUEUE);
    }

    @Override
    public XAQueueConnection createXAQueueConnection(String userName, String password) throws JMSException {
        return openXA(configFor(userName, password), ConnectionDomain.QUEUE);
    }

    @Override
    public XATopicConnection createXATopicConnection() throws JMSException {
        return openXA(configFor(), ConnectionDomain.TOPIC);
    }

    @Override
    public XATopicConnection createXATopicConnection(String userName, String password) throws JMSException {
        return openXA(configFor(userName, password), ConnectionDomain.TOPIC);
    }

    private static LetterboxXAConnection openXA(ConnectionConfig config) throws JMSException {
        return openXA(config, ConnectionDomain.UNIFIED);
    }

    private static LetterboxXAConnection openXA(ConnectionConfig config, ConnectionDomain domain)
            throws JMSException {
        return LetterboxXAConnection.open(config, domain, config.user(), config.password());
    }

    // ------------------------------------------------------------------ XA contexts

    @Override
    public XAJMSContext createXAContext() {
        ConnectionConfig config = runtime(this::configFor);
        return LetterboxXAJMSContext.create(() -> openXA(config));
    }

    @Override
    public XAJMSContext createXAContext(String userName, String password) {
        ConnectionConfig config = runtime(() -> configFor(userName, password));
        return LetterboxXAJMSContext.create(() -> openXA(config));
    }
}
