package org.letterbox.ra;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import org.letterbox.client.LetterboxXAConnection;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.jms.LetterboxQueue;
import org.letterbox.jms.LetterboxTopic;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Where an activation consumes from and how it connects, with its JNDI lookups done (once, at activation).
 *
 * @param destination    the destination to consume from
 * @param settings       broker URL and credentials
 * @param clientId       the connection's client ID, or null
 * @param consumerWindow the prefetch window of the activation's consumers (wins over the URL's)
 */
record ActivationTarget(Destination destination, BrokerSettings settings, String clientId, int consumerWindow) {

    /** Opens a new physical connection for the activation. */
    LetterboxXAConnection open() throws JMSException {
        return BrokerSettings.connect(settings.config(null, null, clientId).withConsumerWindow(consumerWindow));
    }

    /** Resolves {@code config}'s destination and connection factory; {@code adapterSettings} are the defaults. */
    static ActivationTarget resolve(ActivationConfig config, BrokerSettings adapterSettings) throws ResourceException {
        Destination destination = config.destinationLookup() != null
                ? lookup(config.destinationLookup(), "destinationLookup", Destination.class)
                : Boolean.TRUE.equals(config.topicType()) ? new LetterboxTopic(config.destination())
                : new LetterboxQueue(config.destination());
        if (config.topicType() != null && (config.topicType() ? !(destination instanceof Topic) : !(destination instanceof Queue))) {
            throw new InvalidPropertyException("Letterbox activation config: " + destination + " is not a "
                    + (config.topicType() ? "Topic" : "Queue") + " as destinationType says");
        }
        if (config.connectionFactoryLookup() == null) {
            return new ActivationTarget(destination, adapterSettings, config.clientId(), config.consumerWindow());
        }
        Object factory = lookup(config.connectionFactoryLookup(), "connectionFactoryLookup", Object.class);
        if (factory instanceof LetterboxRaConnectionFactory pooled) {
            return new ActivationTarget(destination, pooled.managedFactory().settings(), config.clientId(),
                    config.consumerWindow());
        }
        if (factory instanceof LetterboxConnectionFactory plain) {
            BrokerSettings settings = new BrokerSettings(plain.getBrokerUrl(), plain.getUser(), plain.getPassword());
            return new ActivationTarget(destination, settings,
                    config.clientId() != null ? config.clientId() : plain.getClientId(), config.consumerWindow());
        }
        throw new InvalidPropertyException("Letterbox activation config, property 'connectionFactoryLookup': "
                + config.connectionFactoryLookup() + " is not a Letterbox connection factory but " + factory);
    }

    private static <T> T lookup(String name, String property, Class<T> type) throws InvalidPropertyException {
        Object found;
        try {
            found = new InitialContext().lookup(name);
        } catch (NamingException e) {
            throw new InvalidPropertyException("Letterbox activation config, property '" + property + "': cannot look up '"
                    + name + "': " + e.getMessage(), e);
        }
        if (!type.isInstance(found)) {
            throw new InvalidPropertyException("Letterbox activation config, property '" + property + "': '" + name
                    + "' is a " + (found == null ? "null" : found.getClass().getName()) + ", not a " + type.getSimpleName());
        }
        return type.cast(found);
    }
}
