package org.letterbox.ra;

import jakarta.jms.JMSException;
import org.letterbox.client.BrokerUrl;
import org.letterbox.client.ConnectionConfig;
import org.letterbox.client.LetterboxXAConnection;
import org.letterbox.jms.LetterboxConnectionFactory;

/**
 * Where and as whom the adapter connects: a broker URL plus default credentials. Immutable.
 *
 * <p>Every physical connection the adapter opens is an XA connection: its plain sessions work as on any connection,
 * and it makes the XA sessions that container transactions need (outbound when the connection definition is
 * configured for XATransaction, inbound for an MDB with a container-managed transaction).
 *
 * @param brokerUrl a Letterbox broker URL ({@code tcp://host:port?...} or {@code vm://name})
 * @param user      default user; null for none (then the URL's {@code user} option applies)
 * @param password  default password; may be null
 */
record BrokerSettings(String brokerUrl, String user, String password) {

    /**
     * Opens a physical connection, with the given credentials when {@code credentialUser} is non-null and
     * with these settings' defaults otherwise, and with {@code clientId} (may be null) as its client ID.
     */
    LetterboxXAConnection open(String credentialUser, String credentialPassword, String clientId) throws JMSException {
        return connect(config(credentialUser, credentialPassword, clientId));
    }

    /**
     * The client configuration {@link #open} connects with: the URL's, with the given credentials when
     * {@code credentialUser} is non-null (these settings' defaults otherwise) and {@code clientId} when non-null.
     */
    ConnectionConfig config(String credentialUser, String credentialPassword, String clientId) throws JMSException {
        LetterboxConnectionFactory factory = factory();
        ConnectionConfig config = credentialUser != null
                ? factory.configFor(credentialUser, credentialPassword) : factory.configFor();
        return clientId != null ? config.withClientId(clientId) : config;
    }

    /** Opens a physical connection with exactly {@code config}. */
    static LetterboxXAConnection connect(ConnectionConfig config) throws JMSException {
        return LetterboxXAConnection.open(config, config.user(), config.password());
    }

    /** A plain client factory for these settings. */
    LetterboxConnectionFactory factory() {
        LetterboxConnectionFactory factory = new LetterboxConnectionFactory(brokerUrl);
        factory.setUser(user);
        factory.setPassword(password);
        return factory;
    }

    /** These settings with each null field taken from {@code defaults}. */
    BrokerSettings orElse(BrokerSettings defaults) {
        return new BrokerSettings(brokerUrl != null ? brokerUrl : defaults.brokerUrl,
                user != null ? user : defaults.user, password != null ? password : defaults.password);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "BrokerSettings[brokerUrl=" + (brokerUrl == null ? null : BrokerUrl.maskPassword(brokerUrl)) + ", user=" + user + ", password=" + (password == null ? "null" : "***") + "]";
    }
}
