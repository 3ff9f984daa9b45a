package org.letterbox.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;

/**
 * An MDB's activation config: the standard Jakarta Messaging activation properties. {@link #validate()}
 * (also run at activation) rejects a missing destination, a bad selector and inconsistent subscription
 * settings with a message naming the property; {@link ActivationConfig} holds the rules.
 *
 * <table>
 * <caption>properties</caption>
 * <tr><td>destination</td><td>physical queue/topic name (or use destinationLookup)</td></tr>
 * <tr><td>destinationLookup</td><td>JNDI name of a Destination; wins over destination</td></tr>
 * <tr><td>destinationType</td><td>{@code jakarta.jms.Queue} (default) or {@code jakarta.jms.Topic}</td></tr>
 * <tr><td>messageSelector</td><td>a message selector</td></tr>
 * <tr><td>acknowledgeMode</td><td>{@code Auto-acknowledge} (default) or {@code Dups-ok-acknowledge}</td></tr>
 * <tr><td>subscriptionDurability</td><td>{@code NonDurable} (default) or {@code Durable}</td></tr>
 * <tr><td>subscriptionName</td><td>durable or shared subscription name</td></tr>
 * <tr><td>clientId</td><td>the activation connection's client ID (needed for an unshared durable subscription)</td></tr>
 * <tr><td>connectionFactoryLookup</td><td>JNDI name of a Letterbox connection factory to connect with</td></tr>
 * <tr><td>shareSubscriptions</td><td>topic: use a shared subscription, so maxSession consumers share it</td></tr>
 * <tr><td>maxSession</td><td>concurrent consumers (default 15; 1 for an unshared topic subscription)</td></tr>
 * <tr><td>consumerWindow</td><td>messages prefetched per consumer (default 1; 0 = pure pull); wins over the URL's</td></tr>
 * </table>
 */
public class LetterboxActivationSpec implements ActivationSpec {

    private String destination;
    private String destinationLookup;
    private String destinationType;
    private String messageSelector;
    private String acknowledgeMode = ActivationConfig.AUTO_ACKNOWLEDGE;
    private String subscriptionDurability = ActivationConfig.NON_DURABLE;
    private String subscriptionName;
    private String clientId;
    private String connectionFactoryLookup;
    private Boolean shareSubscriptions = Boolean.FALSE;
    private Integer maxSession = ActivationConfig.DEFAULT_MAX_SESSION;
    private Integer consumerWindow = ActivationConfig.DEFAULT_CONSUMER_WINDOW;
    private ResourceAdapter resourceAdapter;

    @Override
    public void validate() throws InvalidPropertyException {
        ActivationConfig.of(this);
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        this.resourceAdapter = ra;
    }

    public String getDestination() {
        return destination;
    }

    public void setDestination(String destination) {
        this.destination = destination;
    }

    public String getDestinationLookup() {
        return destinationLookup;
    }

    public void setDestinationLookup(String destinationLookup) {
        this.destinationLookup = destinationLookup;
    }

    public String getDestinationType() {
        return destinationType;
    }

    public void setDestinationType(String destinationType) {
        this.destinationType = destinationType;
    }

    public String getMessageSelector() {
        return messageSelector;
    }

    public void setMessageSelector(String messageSelector) {
        this.messageSelector = messageSelector;
    }

    public String getAcknowledgeMode() {
        return acknowledgeMode;
    }

    public void setAcknowledgeMode(String acknowledgeMode) {
        this.acknowledgeMode = acknowledgeMode;
    }

    public String getSubscriptionDurability() {
        return subscriptionDurability;
    }

    public void setSubscriptionDurability(String subscriptionDurability) {
        this.subscriptionDurability = subscriptionDurability;
    }

    public String getSubscriptionName() {
        return subscriptionName;
    }

    public void setSubscriptionName(String subscriptionName) {
        this.subscriptionName = subscriptionName;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getConnectionFactoryLookup() {
        return connectionFactoryLookup;
    }

    public void setConnectionFactoryLookup(String connectionFactoryLookup) {
        this.connectionFactoryLookup = connectionFactoryLookup;
    }

    public Boolean getShareSubscriptions() {
        return shareSubscriptions;
    }

    public void setShareSubscriptions(Boolean shareSubscriptions) {
        this.shareSubscriptions = shareSubscriptions;
    }

    public Integer getMaxSession() {
        return maxSession;
    }

    public void setMaxSession(Integer maxSession) {
        this.maxSession = maxSession;
    }

    public Integer getConsumerWindow() {
        return consumerWindow;
    }

    public void setConsumerWindow(Integer consumerWindow) {
        this.consumerWindow = consumerWindow;
    }

    @Override
    public String toString() {
        return "LetterboxActivationSpec[destination=" + (destinationLookup != null ? destinationLookup : destination)
                + ", destinationType=" + destinationType + ", messageSelector=" + messageSelector
                + ", subscriptionDurability=" + subscriptionDurability + ", subscriptionName=" + subscriptionName
                + ", clientId=" + clientId + ", shareSubscriptions=" + shareSubscriptions + ", maxSession=" + maxSession
                + ", consumerWindow=" + consumerWindow + "]";
    }
}
