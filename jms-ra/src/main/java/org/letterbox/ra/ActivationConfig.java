package org.letterbox.ra;

import jakarta.jms.Destination;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.resource.spi.InvalidPropertyException;
import org.letterbox.selector.Selector;

/**
 * An activation spec checked and normalised: every rule about which properties go together lives here.
 *
 * @param destination             physical name, or null when {@code destinationLookup} is used
 * @param destinationLookup       JNDI name of the destination, or null
 * @param topicType               true when destinationType says Topic, false for Queue, null when not given
 * @param messageSelector         the selector, null for none
 * @param durable                 a durable topic subscription
 * @param shared                  a shared topic subscription
 * @param subscriptionName        durable/shared subscription name, or null
 * @param clientId                client ID of the activation's connection, or null
 * @param connectionFactoryLookup JNDI name of the connection factory to use, or null
 * @param maxSession              consumers wanted (a non-shared topic subscription still gets one)
 * @param consumerWindow          messages the broker may push ahead to each consumer (0 = pure pull)
 */
record ActivationConfig(String destination, String destinationLookup, Boolean topicType, String messageSelector,
                        boolean durable, boolean shared, String subscriptionName, String clientId,
                        String connectionFactoryLookup, int maxSession, int consumerWindow) {

    static final String AUTO_ACKNOWLEDGE = "Auto-acknowledge";
    static final String DUPS_OK_ACKNOWLEDGE = "Dups-ok-acknowledge";
    static final String DURABLE = "Durable";
    static final String NON_DURABLE = "NonDurable";
    static final int DEFAULT_MAX_SESSION = 15;
    /**
     * One message ahead: a consumer busy in a slow onMessage holds at most one message its idle peers could take,
     * and the next message is already there when onMessage returns. (A plain client's default, 1000, suits a
     * single fast consumer, not maxSession consumers sharing a queue.)
     */
    static final int DEFAULT_CONSUMER_WINDOW = 1;

    /** Checks {@code spec}; the exception names the property and says what is wrong. */
    static ActivationConfig of(LetterboxActivationSpec spec) throws InvalidPropertyException {
        String destination = trim(spec.getDestination());
        String lookup = trim(spec.getDestinationLookup());
        if (destination == null && lookup == null) {
            throw invalid("destination", "no destination: set 'destination' (a queue or topic name) or 'destinationLookup'"
                    + " (a JNDI name) in the activation config of " + spec);
        }
        Boolean topic = destinationType(trim(spec.getDestinationType()));
        String selector = trim(spec.getMessageSelector());
        try {
            Selector.compile(selector);
        } catch (InvalidSelectorException e) {
            throw invalid("messageSelector", "invalid messageSelector '" + selector + "': " + e.getMessage(), e);
        }
        acknowledgeMode(trim(spec.getAcknowledgeMode()));
        boolean durable = durable(trim(spec.getSubscriptionDurability()));
        boolean shared = Boolean.TRUE.equals(spec.getShareSubscriptions());
        String subscriptionName = trim(spec.getSubscriptionName());
        String clientId = trim(spec.getClientId());
        if ((durable || shared) && Boolean.FALSE.equals(topic)) {
            throw invalid("destinationType", (durable ? "a durable" : "a shared") + " subscription needs"
                    + " destinationType jakarta.jms.Topic");
        }
        if ((durable || shared) && subscriptionName == null) {
            throw invalid("subscriptionName", (durable ? "a durable" : "a shared") + " subscription needs a subscriptionName");
        }
        if (durable && !shared && clientId == null) {
            throw invalid("clientId", "a durable subscription that is not shared (shareSubscriptions=false) needs a clientId");
        }
        Integer maxSession = spec.getMaxSession();
        if (maxSession != null && maxSession < 1) {
            throw invalid("maxSession", "maxSession must be at least 1, not " + maxSession);
        }
        Integer consumerWindow = spec.getConsumerWindow();
        if (consumerWindow != null && consumerWindow < 0) {
            throw invalid("consumerWindow", "consumerWindow must be 0 (pure pull) or more, not " + consumerWindow);
        }
        return new ActivationConfig(destination, lookup, topic, selector, durable, shared, subscriptionName, clientId,
                trim(spec.getConnectionFactoryLookup()), maxSession == null ? DEFAULT_MAX_SESSION : maxSession,
                consumerWindow == null ? DEFAULT_CONSUMER_WINDOW : consumerWindow);
    }

    /** How many consumers to run on {@code destination}: one for a topic subscription that is not shared. */
    int sessionsFor(Destination resolved) {
        return resolved instanceof Topic && !shared ? 1 : maxSession;
    }

    /** The consumer this activation's config asks for, on {@code session}. */
    MessageConsumer createConsumer(Session session, Destination resolved) throws JMSException {
        if (resolved instanceof Topic topic) {
            if (durable) {
                return shared ? session.createSharedDurableConsumer(topic, subscriptionName, messageSelector)
                        : session.createDurableConsumer(topic, subscriptionName, messageSelector, false);
            }
            if (shared) {
                return session.createSharedConsumer(topic, subscriptionName, messageSelector);
            }
        }
        return session.createConsumer(resolved, messageSelector);
    }

    private static Boolean destinationType(String type) throws InvalidPropertyException {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "jakarta.jms.Queue", "javax.jms.Queue" -> Boolean.FALSE;
            case "jakarta.jms.Topic", "javax.jms.Topic" -> Boolean.TRUE;
            default -> throw invalid("destinationType", "destinationType must be jakarta.jms.Queue or jakarta.jms.Topic,"
                    + " not '" + type + "'");
        };
    }

    private static void acknowledgeMode(String mode) throws InvalidPropertyException {
        if (mode != null && !mode.equalsIgnoreCase(AUTO_ACKNOWLEDGE) && !mode.equalsIgnoreCase(DUPS_OK_ACKNOWLEDGE)) {
            throw invalid("acknowledgeMode", "acknowledgeMode must be " + AUTO_ACKNOWLEDGE + " or "
                    + DUPS_OK_ACKNOWLEDGE + ", not '" + mode + "'");
        }
    }

    private static boolean durable(String durability) throws InvalidPropertyException {
        if (durability == null || durability.equalsIgnoreCase(NON_DURABLE)) {
            return false;
        }
        if (durability.equalsIgnoreCase(DURABLE)) {
            return true;
        }
        throw invalid("subscriptionDurability", "subscriptionDurability must be " + DURABLE + " or " + NON_DURABLE
                + ", not '" + durability + "'");
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static InvalidPropertyException invalid(String property, String message) {
        return invalid(property, message, null);
    }

    private static InvalidPropertyException invalid(String property, String message, Exception cause) {
        return new InvalidPropertyException("Letterbox activation config, property '" + property + "': " + message, cause);
    }
}
