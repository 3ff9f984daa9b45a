package org.letterbox.jms;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import org.letterbox.client.BrokerUrl;
import org.letterbox.client.ConnectionConfig;
import org.letterbox.client.ConnectionDomain;
import org.letterbox.client.LetterboxConnection;
import org.letterbox.client.context.LetterboxJMSContext;

import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Objects;

/**
 * Letterbox's {@link ConnectionFactory} (also the queue/topic flavours): the one object an application
 * swaps in to use Letterbox.
 *
 * <pre>{@code
 * ConnectionFactory cf = new LetterboxConnectionFactory("tcp://broker:61616?consumerWindow=100");
 * }</pre>
 *
 * <p>Configuration is a broker URL (see {@link BrokerUrl} for the grammar and options; default
 * {@value BrokerUrl#DEFAULT_URL}) plus JavaBean properties {@code user}, {@code password} and
 * {@code clientId} for containers and Spring. Precedence, highest first:
 * <ol>
 *   <li>credentials passed to {@code createConnection(user, password)} / {@code createContext(user, password)}
 *       — taken as given, {@code null} included (a null user means "no credentials");</li>
 *   <li>the bean properties, when set (non-null);</li>
 *   <li>the URL's {@code user}, {@code password} and {@code clientId} options.</li>
 * </ol>
 *
 * <p><b>Validation is eager</b>: the constructor, {@link #setBrokerUrl} and deserialization reject a bad URL at
 * once ({@link IllegalArgumentException} / {@link InvalidObjectException}, with the parser's
 * {@link JMSException} as cause), so a typo fails at startup, not at the first send — as ActiveMQ and Qpid do.
 * A factory instance therefore always holds a valid URL; should config resolution fail anyway,
 * {@code createConnection} throws {@link JMSException} and {@code createContext} {@link JMSRuntimeException}.
 *
 * <p>Thread-safe. Serializable and {@link Referenceable} (rebuilt by {@link ConnectionFactoryObjectFactory}),
 * so it can be bound in any JNDI tree. Equal factories have the same URL text and bean properties.
 */
public class LetterboxConnectionFactory
        implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory, Serializable, Referenceable {

    private static final long serialVersionUID = 1L;

    /** {@link Reference} address types, read back by {@link ConnectionFactoryObjectFactory}. */
    public static final String REF_BROKER_URL = "brokerUrl";
    public static final String REF_USER = "user";
    public static final String REF_PASSWORD = "password";
    public static final String REF_CLIENT_ID = "clientId";

    private volatile String brokerUrl;
    private volatile String user;
    private volatile String password;
    private volatile String clientId;

    /** The parsed {@link #brokerUrl}; rebuilt by the setter and on deserialization. */
    private transient volatile ConnectionConfig urlConfig;

    /** A factory for {@value BrokerUrl#DEFAULT_URL}. */
    public LetterboxConnectionFactory() {
        this(BrokerUrl.DEFAULT_URL);
    }

    /**
     * A factory for {@code brokerUrl}.
     *
     * @throws IllegalArgumentException if the URL is null or invalid (the message says why)
     */
    public LetterboxConnectionFactory(String brokerUrl) {
        setBrokerUrl(brokerUrl);
    }

    // ------------------------------------------------------------------ configuration

    public String getBrokerUrl() {
        return brokerUrl;
    }

    /**
     * Sets the broker URL, validating it at once.
     *
     * @throws IllegalArgumentException if the URL is null or invalid; its cause is the parser's JMSException
     */
    public synchronized void setBrokerUrl(String brokerUrl) {
        if (brokerUrl == null) {
            throw new IllegalArgumentException("brokerUrl must not be null");
        }
        ConnectionConfig parsed;
        try {
            parsed = BrokerUrl.parse(brokerUrl);
        } catch (JMSException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        this.urlConfig = parsed;
        this.brokerUrl = brokerUrl;
    }

    /** The user set as a bean property (not the URL's); null if unset. */
    public String getUser() {
        return user;
    }

    /** Default user for {@code createConnection()}; overrides the URL's {@code user}. Null unsets it. */
    public void setUser(String user) {
        this.user = user;
    }

    /** The password set as a bean property (not the URL's); null if unset. */
    public String getPassword() {
        return password;
    }

    /** Default password for {@code createConnection()}; overrides the URL's {@code password}. Null unsets it. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** The client ID set as a bean property (not the URL's); null if unset. */
    public String getClientId() {
        return clientId;
    }

    /**
     * Administratively configured client ID of every connection from this factory; overrides the URL's
     * {@code clientId}. Null unsets it.
     *
     * @throws IllegalArgumentException if empty
     */
    public void setClientId(String clientId) {
        if (clientId != null && clientId.isEmpty()) {
            throw new IllegalArgumentException("clientId must not be empty");
        }
        this.clientId = clientId;
    }

    /**
     * The configuration {@code createConnection()} would use: the URL's, with the bean properties applied.
     */
    public ConnectionConfig configFor() throws JMSException {
        ConnectionConfig base = baseConfig();
        String effectiveUser = user != null ? user : base.user();
        String effectivePassword = password != null ? password : base.password();
        return base.withCredentials(effectiveUser, effectivePassword);
    }

    /**
     * The configuration {@code createConnection(user, password)} would use: as {@link #configFor()}, but with
     * exactly these credentials (nulls included).
     */
    public ConnectionConfig configFor(String user, String password) throws JMSException {
        return baseConfig().withCredentials(user, password);
    }

    private ConnectionConfig baseConfig() throws JMSException {
        ConnectionConfig base = urlConfig;
        if (base == null) {
            // unreachable through the public API (the URL is validated when set); parse again to report why
            base = BrokerUrl.parse(brokerUrl);
            urlConfig = base;
        }
        String id = clientId;
        return id != null ? base.withClientId(id) : base;
    }

    // ------------------------------------------------------------------ connections

    @Override
    public Connection createConnection() throws JMSException {
        return open(configFor());
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return open(configFor(userName, password));
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return open(configFor(), ConnectionDomain.QUEUE);
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return open(configFor(userName, password), ConnectionDomain.QUEUE);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return open(configFor(), ConnectionDomain.TOPIC);
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return open(configFor(userName, password), ConnectionDomain.TOPIC);
    }

    private static LetterboxConnection open(ConnectionConfig config) throws JMSException {
        return open(config, ConnectionDomain.UNIFIED);
    }

    private static LetterboxConnection open(ConnectionConfig config, ConnectionDomain domain) throws JMSException {
        return LetterboxConnection.open(config, domain, config.user(), config.password());
    }

    // ------------------------------------------------------------------ contexts

    @Override
    public JMSContext createContext() {
        return context(runtime(this::configFor), JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return context(runtime(this::configFor), sessionMode);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return context(runtime(() -> configFor(userName, password)), JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        return context(runtime(() -> configFor(userName, password)), sessionMode);
    }

    private static JMSContext context(ConnectionConfig config, int sessionMode) {
        return LetterboxJMSContext.create(() -> open(config), sessionMode);
    }

    interface ConfigSupplier {
        ConnectionConfig get() throws JMSException;
    }

    /** The configuration, or the JMSRuntimeException the simplified API reports for it. */
    static ConnectionConfig runtime(ConfigSupplier supplier) {
        try {
            return supplier.get();
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    // ------------------------------------------------------------------ JNDI, serialization, identity

    /**
     * A reference holding the URL and the bean properties that are set, for
     * {@link ConnectionFactoryObjectFactory}. Note that it carries the password in clear text, like the URL.
     */
    @Override
    public Reference getReference() {
        Reference reference = new Reference(getClass().getName(), ConnectionFactoryObjectFactory.class.getName(), null);
        reference.add(new StringRefAddr(REF_BROKER_URL, brokerUrl));
        addIfSet(reference, REF_USER, user);
        addIfSet(reference, REF_PASSWORD, password);
        addIfSet(reference, REF_CLIENT_ID, clientId);
        return reference;
    }

    private static void addIfSet(Reference reference, String type, String value) {
        if (value != null) {
            reference.add(new StringRefAddr(type, value));
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (brokerUrl == null) {
            throw new InvalidObjectException("brokerUrl is missing");
        }
        try {
            urlConfig = BrokerUrl.parse(brokerUrl);
        } catch (JMSException e) {
            InvalidObjectException ex = new InvalidObjectException(e.getMessage());
            ex.initCause(e);
            throw ex;
        }
        if (clientId != null && clientId.isEmpty()) {
            throw new InvalidObjectException("clientId must not be empty");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        LetterboxConnectionFactory other = (LetterboxConnectionFactory) o;
        return brokerUrl.equals(other.brokerUrl) && Objects.equals(user, other.user)
                && Objects.equals(password, other.password) && Objects.equals(clientId, other.clientId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(brokerUrl, user, password, clientId);
    }

    /** Shows the URL and properties, never a password. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName())
                .append("[brokerUrl=").append(BrokerUrl.maskPassword(brokerUrl));
        if (user != null) {
            sb.append(", user=").append(user);
        }
        if (password != null) {
            sb.append(", password=***");
        }
        if (clientId != null) {
            sb.append(", clientId=").append(clientId);
        }
        return sb.append(']').toString();
    }
}
