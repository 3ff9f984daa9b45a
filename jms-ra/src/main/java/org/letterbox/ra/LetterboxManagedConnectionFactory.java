package org.letterbox.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ResourceAllocationException;
import jakarta.resource.spi.security.PasswordCredential;
import jakarta.jms.JMSException;

import javax.security.auth.Subject;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Set;

/**
 * The outbound side: makes {@link LetterboxManagedConnection}s (one physical Letterbox connection each) for the
 * container's pool, and the application-facing {@link LetterboxRaConnectionFactory} over that pool.
 *
 * <p>Config properties {@code brokerUrl}, {@code user}, {@code password} override the resource adapter's when
 * set; {@code clientId} gives every pooled connection that client ID (so use it only with a pool of one).
 */
public class LetterboxManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;

    private String brokerUrl;
    private String user;
    private String password;
    private String clientId;
    private transient LetterboxResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;

    // ------------------------------------------------------------------ config properties

    public String getBrokerUrl() {
        return brokerUrl;
    }

    public void setBrokerUrl(String brokerUrl) {
        this.brokerUrl = blankToNull(brokerUrl);
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = blankToNull(user);
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = blankToNull(clientId);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** This factory's settings, falling back to the resource adapter's (and then to the client's defaults). */
    BrokerSettings settings() {
        BrokerSettings own = new BrokerSettings(brokerUrl, user, password);
        LetterboxResourceAdapter ra = resourceAdapter;
        return own.orElse(ra != null ? ra.settings() : LetterboxResourceAdapter.DEFAULT_SETTINGS);
    }

    // ------------------------------------------------------------------ ResourceAdapterAssociation

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        if (!(ra instanceof LetterboxResourceAdapter letterbox)) {
            throw new ResourceException("expected a " + LetterboxResourceAdapter.class.getName() + ", got " + ra);
        }
        this.resourceAdapter = letterbox;
    }

    // ------------------------------------------------------------------ ManagedConnectionFactory

    @Override
    public Object createConnectionFactory(ConnectionManager connectionManager) {
        return new LetterboxRaConnectionFactory(this, connectionManager);
    }

    /** Outside a container: a factory whose connections are not pooled (each close destroys its connection). */
    @Override
    public Object createConnectionFactory() {
        return new LetterboxRaConnectionFactory(this, new UnpooledConnectionManager());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        LetterboxConnectionRequestInfo credentials = credentials(subject, info);
        try {
            return new LetterboxManagedConnection(this, credentials,
                    settings().open(credentials.user(), credentials.password(), clientId));
        } catch (JMSException e) {
            throw new ResourceAllocationException("cannot connect to Letterbox broker " + settings() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        LetterboxConnectionRequestInfo wanted = credentials(subject, info);
        for (Object candidate : candidates) {
            if (candidate instanceof LetterboxManagedConnection mc && mc.factory() == this
                    && mc.credentials().equals(wanted) && mc.isUsable()) {
                return mc;
            }
        }
        return null;
    }

    /**
     * The credentials a connection is opened with: the container's {@link PasswordCredential} for this factory
     * (container-managed sign-on), else the application's {@code createConnection(user, password)}, else
     * {@link LetterboxConnectionRequestInfo#DEFAULT} (the configured defaults).
     */
    LetterboxConnectionRequestInfo credentials(Subject subject, ConnectionRequestInfo info) {
        if (subject != null) {
            for (PasswordCredential credential : subject.getPrivateCredentials(PasswordCredential.class)) {
                if (credential.getManagedConnectionFactory() == null || this.equals(credential.getManagedConnectionFactory())) {
                    return new LetterboxConnectionRequestInfo(credential.getUserName(),
                            credential.getPassword() == null ? null : new String(credential.getPassword()));
                }
            }
        }
        if (info instanceof LetterboxConnectionRequestInfo requested && requested.user() != null) {
            return requested;
        }
        return LetterboxConnectionRequestInfo.DEFAULT;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    // ------------------------------------------------------------------ identity (the JCA spec requires it)

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LetterboxManagedConnectionFactory other) || o.getClass() != getClass()) {
            return false;
        }
        return Objects.equals(brokerUrl, other.brokerUrl) && Objects.equals(user, other.user)
                && Objects.equals(password, other.password) && Objects.equals(clientId, other.clientId)
                && Objects.equals(resourceAdapter, other.resourceAdapter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(brokerUrl, user, clientId);
    }

    @Override
    public String toString() {
        return "LetterboxManagedConnectionFactory[" + settings() + (clientId == null ? "" : ", clientId=" + clientId) + "]";
    }
}
