package org.letterbox.ra;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;
import org.letterbox.client.BrokerUrl;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.transaction.xa.XAResource;
import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Letterbox resource adapter: the broker to use ({@code brokerUrl}, {@code user}, {@code password}, also
 * the defaults of its managed connection factories) and the registry of inbound activations, one
 * {@link LetterboxActivation} per deployed message endpoint (MDB).
 */
public class LetterboxResourceAdapter implements ResourceAdapter, Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LetterboxResourceAdapter.class);

    static final BrokerSettings DEFAULT_SETTINGS = new BrokerSettings(BrokerUrl.DEFAULT_URL, null, null);

    private String brokerUrl = BrokerUrl.DEFAULT_URL;
    private String user;
    private String password;
    private transient volatile WorkManager workManager;
    private final transient Map<ActivationKey, LetterboxActivation> activations = new ConcurrentHashMap<>();

    // ------------------------------------------------------------------ config properties

    public String getBrokerUrl() {
        return brokerUrl;
    }

    public void setBrokerUrl(String brokerUrl) {
        this.brokerUrl = brokerUrl;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = LetterboxManagedConnectionFactory.blankToNull(user);
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    BrokerSettings settings() {
        return new BrokerSettings(brokerUrl, user, password).orElse(DEFAULT_SETTINGS);
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        try {
            new LetterboxConnectionFactory(settings().brokerUrl());
        } catch (IllegalArgumentException e) {
            throw new ResourceAdapterInternalException("invalid brokerUrl: " + e.getMessage(), e);
        }
        this.workManager = context.getWorkManager();
        LOG.info("Letterbox resource adapter started for {}", settings());
    }

    @Override
    public void stop() {
        for (ActivationKey key : activations.keySet()) {
            LetterboxActivation activation = activations.remove(key);
            if (activation != null) {
                activation.stop();
            }
        }
        LOG.info("Letterbox resource adapter stopped");
    }

    // ------------------------------------------------------------------ inbound

    /**
     * Starts delivering to {@code endpointFactory}'s endpoints. Bad configuration fails here (so the deployment
     * fails with the reason); an unreachable broker does not: the activation keeps retrying.
     */
    @Override
    public void endpointActivation(MessageEndpointFactory endpointFactory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof LetterboxActivationSpec letterboxSpec)) {
            throw new NotSupportedException("expected a " + LetterboxActivationSpec.class.getName() + ", got " + spec);
        }
        WorkManager work = workManager;
        if (work == null) {
            throw new jakarta.resource.spi.IllegalStateException("the Letterbox resource adapter is not started");
        }
        ActivationConfig config = ActivationConfig.of(letterboxSpec);
        LetterboxActivation activation = new LetterboxActivation(config, ActivationTarget.resolve(config, settings()),
                endpointFactory, work);
        activation.start();
        activations.put(new ActivationKey(endpointFactory, spec), activation);
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory endpointFactory, ActivationSpec spec) {
        LetterboxActivation activation = activations.remove(new ActivationKey(endpointFactory, spec));
        if (activation != null) {
            activation.stop();
        }
    }

    /**
     * For the transaction manager's recovery of inbound (MDB) branches: one {@link RecoveryXAResource} per broker the
     * given activations connect to. A spec whose lookups fail now is recovered through the adapter's own broker.
     */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        BrokerSettings adapterSettings = settings();
        Set<BrokerSettings> brokers = new LinkedHashSet<>();
        for (ActivationSpec spec : specs == null ? new ActivationSpec[0] : specs) {
            if (spec instanceof LetterboxActivationSpec letterboxSpec) {
                brokers.add(recoveryBrokerOf(letterboxSpec, adapterSettings));
            }
        }
        return brokers.stream().map(RecoveryXAResource::new).toArray(XAResource[]::new);
    }

    private static BrokerSettings recoveryBrokerOf(LetterboxActivationSpec spec, BrokerSettings adapterSettings) {
        try {
            return ActivationTarget.resolve(ActivationConfig.of(spec), adapterSettings).settings();
        } catch (ResourceException e) {
            LOG.debug("recovering {} through the adapter's broker: {}", spec, e.getMessage());
            return adapterSettings;
        }
    }

    /** An activation is known by the very factory and spec objects the container passed. */
    private record ActivationKey(MessageEndpointFactory factory, ActivationSpec spec) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ActivationKey other && other.factory == factory && other.spec == spec;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(factory) * 31 + System.identityHashCode(spec);
        }
    }

    // ------------------------------------------------------------------ identity (the JCA spec requires it)

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof LetterboxResourceAdapter other && o.getClass() == getClass()
                && Objects.equals(brokerUrl, other.brokerUrl) && Objects.equals(user, other.user)
                && Objects.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(brokerUrl, user);
    }
}
