package org.letterbox.server.destination;

import org.letterbox.protocol.DestinationRef;
import org.letterbox.protocol.ErrorCode;
import jakarta.jms.InvalidSelectorException;
import org.letterbox.selector.Selector;
import org.letterbox.server.store.DurableSubscriptionRecord;
import org.letterbox.server.store.MemoryStore;
import org.letterbox.server.store.MessageStore;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every destination and named subscription of the broker: lookup, creation on first use (if allowed),
 * temporary destinations with their owning connection, durable and shared subscriptions.
 */
public final class Destinations {
    private final Scheduler scheduler;
    private final SettleListener settleListener;
    private final boolean autoCreate;
    private final MessageStore store;
    private final Map<Integer, MessageQueue> byBinding = new HashMap<>();
    private final Map<String, MessageQueue> queues = new HashMap<>();
    private final Map<String, TopicDestination> topics = new HashMap<>();
    private final Map<String, Temporary<MessageQueue>> tempQueues = new HashMap<>();
    private final Map<String, Temporary<TopicDestination>> tempTopics = new HashMap<>();
    private final Map<Subscription.Key, Subscription> durableSubscriptions = new HashMap<>();
    private final Map<Subscription.Key, Subscription> sharedSubscriptions = new HashMap<>();
    private final AtomicLong privateSubscriptionCounter = new AtomicLong();
    private DeliveryPolicy defaultPolicy = DeliveryPolicy.DEFAULT;
    private Map<String, DeliveryPolicy> policies = Map.of();
    private DeadLetters deadLetters = DeadLetters.DROP;
    private long defaultMemoryLimit = defaultMemoryLimit();
    private final MessageQueue.Pager pager;
    private MemoryBudget budget = MemoryBudget.unlimited();
    private long smallestMemoryLimit = defaultMemoryLimit();

    private record Temporary<T>(T destination, String ownerConnectionId) {
    }

    public Destinations(Scheduler scheduler, SettleListener settleListener, boolean autoCreate) {
        this(scheduler, settleListener, autoCreate, new MemoryStore());
    }

    /** Named queues and durable subscriptions get a binding in {@code store}, so their persistent messages are kept. */
    public Destinations(Scheduler scheduler, SettleListener settleListener, boolean autoCreate, MessageStore store) {
        this.scheduler = scheduler;
        this.settleListener = settleListener;
        this.autoCreate = autoCreate;
        this.store = store;
        this.pager = store.canPage() ? (index, sequence) -> {
            BrokerMessage message = new BrokerMessage(sequence, store.readMessage(index), null);
            message.journalIndex(index);
            return message;
        } : null;
    }

    /** The broker-wide budget every queue created from now on charges what it keeps in memory to. */
    public void budget(MemoryBudget budget) {
        this.budget = budget;
    }

    /** The memory limit of a destination whose policy sets none: an eighth of the heap. */
    public static long defaultMemoryLimit() {
        return Runtime.getRuntime().maxMemory() / 8;
    }

    /** The memory limit of destinations whose policy does not set one (0 = unlimited). Applies to queues created from now on. */
    public void defaultMemoryLimit(long bytes) {
        this.defaultMemoryLimit = bytes;
        computeSmallestMemoryLimit();
    }

    /** The smallest memory limit any queue can have (Long.MAX_VALUE if none is limited): smaller messages fit any. */
    public long smallestMemoryLimit() {
        return smallestMemoryLimit;
    }

    private void computeSmallestMemoryLimit() {
        long smallest = defaultMemoryLimit > 0 ? defaultMemoryLimit : Long.MAX_VALUE;
        smallest = Math.min(smallest, limitOf(defaultPolicy));
        for (DeliveryPolicy policy : policies.values()) {
            smallest = Math.min(smallest, limitOf(policy));
        }
        smallestMemoryLimit = smallest;
    }

    private static long limitOf(DeliveryPolicy policy) {
        return policy.memoryLimitBytes() > 0 ? policy.memoryLimitBytes() : Long.MAX_VALUE;
    }

    /**
     * Redelivery and expiry policies: per destination name (a queue, or the topic of a subscription), else the
     * default; {@code deadLetters} moves what they send away. Applies to queues created from now on.
     */
    public void policies(DeliveryPolicy defaultPolicy, Map<String, DeliveryPolicy> perDestination, DeadLetters deadLetters) {
        this.defaultPolicy = defaultPolicy;
        this.policies = Map.copyOf(perDestination);
        this.deadLetters = deadLetters;
        computeSmallestMemoryLimit();
    }

    /** The policy of a queue or topic name. A dead-letter queue itself never dead-letters (no attempt limit). */
    public DeliveryPolicy policyFor(String destinationName) {
        DeliveryPolicy policy = policies.getOrDefault(destinationName, defaultPolicy);
        if (destinationName.equals(policy.deadLetterQueue()) || destinationName.equals(policy.expiryQueue())) {
            policy = policy.withMaxDeliveryAttempts(0);
        }
        return policy;
    }

    private MessageQueue newQueue(String name, String policyKey) {
        MessageQueue queue = new MessageQueue(name, scheduler, settleListener);
        DeliveryPolicy policy = policyFor(policyKey);
        queue.policy(policy, deadLetters);
        FullPolicy full = policy.fullPolicy() != null ? policy.fullPolicy() : pager != null ? FullPolicy.PAGING : FullPolicy.BLOCK;
        queue.memory(policy.memoryLimitBytes() >= 0 ? policy.memoryLimitBytes() : defaultMemoryLimit, full, pager);
        queue.budget(budget);
        return queue;
    }

    /** Declares a queue up front (configuration, recovery), whatever the auto-create policy. */
    public MessageQueue declareQueue(String name) {
        MessageQueue queue = queues.get(name);
        if (queue == null) {
            queue = newQueue(name, name);
            queue.bindingId(store.queueBinding(name));
            queues.put(name, queue);
            if (queue.bindingId() != 0) {
                byBinding.put(queue.bindingId(), queue);
            }
        }
        return queue;
    }

    /** The kept queue or durable subscription queue with this store binding, or null. */
    public MessageQueue byBinding(int bindingId) {
        return byBinding.get(bindingId);
    }

    /** Re-creates a durable subscription found in the journal (no consumer yet). */
    public void restoreDurable(int bindingId, DurableSubscriptionRecord record) {
        Selector selector;
        try {
            selector = Selector.compile(record.selector());
        } catch (InvalidSelectorException e) {
            selector = null; // it compiled when created; cannot happen unless the journal is damaged
        }
        TopicDestination topic = declareTopic(record.topic());
        Subscription.Key key = new Subscription.Key(record.clientId(), record.name());
        MessageQueue queue = newQueue("durable:" + key.clientId() + ":" + key.name(), topic.name());
        queue.bindingId(bindingId);
        Subscription restored = new Subscription(key, true, record.shared(), topic, selector, record.noLocal(), "", queue);
        durableSubscriptions.put(key, restored);
        topic.add(restored);
        byBinding.put(bindingId, queue);
    }

    public TopicDestination declareTopic(String name) {
        return topics.computeIfAbsent(name, TopicDestination::new);
    }

    public MessageTarget target(DestinationRef ref) throws BrokerException {
        return ref.isQueueLike() ? queue(ref) : topic(ref);
    }

    public MessageQueue queue(DestinationRef ref) throws BrokerException {
        if (ref.kind() == DestinationRef.Kind.TEMP_QUEUE) {
            Temporary<MessageQueue> temp = tempQueues.get(ref.name());
            if (temp == null) {
                throw new BrokerException(ErrorCode.INVALID_DESTINATION, "temporary queue " + ref.name() + " does not exist");
            }
            return temp.destination();
        }
        MessageQueue queue = queues.get(ref.name());
        if (queue == null) {
            requireAutoCreate(ref);
            queue = declareQueue(ref.name());
        }
        return queue;
    }

    public TopicDestination topic(DestinationRef ref) throws BrokerException {
        if (ref.kind() == DestinationRef.Kind.TEMP_TOPIC) {
            Temporary<TopicDestination> temp = tempTopics.get(ref.name());
            if (temp == null) {
                throw new BrokerException(ErrorCode.INVALID_DESTINATION, "temporary topic " + ref.name() + " does not exist");
            }
            return temp.destination();
        }
        TopicDestination topic = topics.get(ref.name());
        if (topic == null) {
            requireAutoCreate(ref);
            topic = declareTopic(ref.name());
        }
        return topic;
    }

    private void requireAutoCreate(DestinationRef ref) throws BrokerException {
        if (!autoCreate) {
            throw new BrokerException(ErrorCode.INVALID_DESTINATION, ref + " does not exist");
        }
        if (ref.name().isEmpty()) {
            throw new BrokerException(ErrorCode.INVALID_DESTINATION, "a destination needs a name");
        }
    }

    /** Consumers on a temporary destination must come from the connection that created it. */
    public void checkTemporaryOwner(DestinationRef ref, String connectionId) throws BrokerException {
        String owner = switch (ref.kind()) {
            case TEMP_QUEUE -> tempQueues.containsKey(ref.name()) ? tempQueues.get(ref.name()).ownerConnectionId() : null;
            case TEMP_TOPIC -> tempTopics.containsKey(ref.name()) ? tempTopics.get(ref.name()).ownerConnectionId() : null;
            default -> connectionId;
        };
        if (owner == null) {
            throw new BrokerException(ErrorCode.INVALID_DESTINATION, ref + " does not exist");
        }
        if (!owner.equals(connectionId)) {
            throw new BrokerException(ErrorCode.INVALID_DESTINATION,
                    "only the connection that created " + ref + " can consume from it");
        }
    }

    public void createTemporary(DestinationRef ref, String ownerConnectionId) throws BrokerException {
        boolean exists = ref.kind() == DestinationRef.Kind.TEMP_QUEUE ? tempQueues.containsKey(ref.name()) : tempTopics.containsKey(ref.name());
        if (exists || !ref.isTemporary()) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "cannot create temporary destination " + ref);
        }
        if (ref.kind() == DestinationRef.Kind.TEMP_QUEUE) {
            tempQueues.put(ref.name(), new Temporary<>(newQueue(ref.name(), ref.name()), ownerConnectionId));
        } else {
            tempTopics.put(ref.name(), new Temporary<>(new TopicDestination(ref.name()), ownerConnectionId));
        }
    }

    public void deleteTemporary(DestinationRef ref, String connectionId) throws BrokerException {
        if (!ref.isTemporary()) {
            throw new BrokerException(ErrorCode.INVALID_DESTINATION, ref + " is not a temporary destination");
        }
        checkTemporaryOwner(ref, connectionId);
        if (ref.kind() == DestinationRef.Kind.TEMP_QUEUE) {
            MessageQueue queue = tempQueues.get(ref.name()).destination();
            if (queue.consumerCount() > 0) {
                throw new BrokerException(ErrorCode.ILLEGAL_STATE, "temporary queue " + ref.name() + " still has consumers");
            }
            tempQueues.remove(ref.name());
            queue.close();
        } else {
            TopicDestination topic = tempTopics.get(ref.name()).destination();
            if (topic.hasConsumers()) {
                throw new BrokerException(ErrorCode.ILLEGAL_STATE, "temporary topic " + ref.name() + " still has subscribers");
            }
            tempTopics.remove(ref.name());
            for (Subscription s : topic.subscriptions()) {
                s.queue().close();
            }
        }
    }

    /** Deletes every temporary destination of a closed connection, consumers or not. */
    public void deleteTemporariesOf(String connectionId) {
        tempQueues.values().removeIf(t -> {
            if (t.ownerConnectionId().equals(connectionId)) {
                t.destination().close();
                return true;
            }
            return false;
        });
        tempTopics.values().removeIf(t -> {
            if (t.ownerConnectionId().equals(connectionId)) {
                t.destination().subscriptions().forEach(s -> s.queue().close());
                return true;
            }
            return false;
        });
    }

    /** A private subscription for one non-durable, unshared topic consumer. */
    public Subscription subscribePrivately(TopicDestination topic, Selector selector, boolean noLocal, String connectionId) {
        MessageQueue queue = newQueue(topic.name() + "#" + privateSubscriptionCounter.incrementAndGet(), topic.name());
        Subscription subscription = new Subscription(null, false, false, topic, selector, noLocal, connectionId, queue);
        topic.add(subscription);
        return subscription;
    }

    /**
     * Finds or creates a named (durable and/or shared) subscription, applying the JMS rules: an unshared
     * durable one has at most one consumer; shared and unshared durable ones don't share a name; a changed
     * topic/selector/noLocal replaces an idle subscription and is refused for an active one.
     */
    public Subscription subscribeNamed(Subscription.Key key, boolean durable, boolean shared, TopicDestination topic,
                                       String selectorText, Selector selector, boolean noLocal, String connectionId)
            throws BrokerException {
        Map<Subscription.Key, Subscription> registry = durable ? durableSubscriptions : sharedSubscriptions;
        Subscription existing = registry.get(key);
        if (existing != null) {
            if (existing.shared() != shared) {
                throw new BrokerException(ErrorCode.ILLEGAL_STATE, "subscription '" + key.name() + "' exists and is "
                        + (existing.shared() ? "shared" : "not shared"));
            }
            boolean active = existing.queue().consumerCount() > 0;
            if (!shared && active) {
                throw new BrokerException(ErrorCode.ILLEGAL_STATE, "durable subscription '" + key.name() + "' already has an active consumer");
            }
            if (existing.sameDefinition(topic, selectorText, noLocal)) {
                return existing;
            }
            if (active) {
                throw new BrokerException(ErrorCode.ILLEGAL_STATE, "subscription '" + key.name()
                        + "' is active with a different topic or selector");
            }
            remove(existing);
        }
        MessageQueue queue = newQueue((durable ? "durable:" : "shared:") + key.clientId() + ":" + key.name(), topic.name());
        if (durable) {
            queue.bindingId(store.subscriptionBinding(new DurableSubscriptionRecord(key.clientId(), key.name(), topic.name(),
                    selector == null ? null : selector.expression(), noLocal, shared)));
            if (queue.bindingId() != 0) {
                byBinding.put(queue.bindingId(), queue);
            }
        }
        Subscription created = new Subscription(key, durable, shared, topic, selector, noLocal, connectionId, queue);
        registry.put(key, created);
        topic.add(created);
        return created;
    }

    /** Removes a non-durable subscription once it has no consumer left. */
    public void releaseIfUnused(Subscription subscription) {
        if (!subscription.durable() && subscription.queue().consumerCount() == 0) {
            remove(subscription);
        }
    }

    public void unsubscribe(Subscription.Key key) throws BrokerException {
        Subscription existing = durableSubscriptions.get(key);
        if (existing == null) {
            throw new BrokerException(ErrorCode.INVALID_DESTINATION, "no durable subscription named '" + key.name() + "'");
        }
        if (existing.queue().consumerCount() > 0) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "durable subscription '" + key.name() + "' has an active consumer");
        }
        remove(existing);
    }

    private void remove(Subscription subscription) {
        if (subscription.key() != null) {
            (subscription.durable() ? durableSubscriptions : sharedSubscriptions).remove(subscription.key(), subscription);
        }
        subscription.topic().remove(subscription);
        subscription.queue().close();
        int bindingId = subscription.queue().bindingId();
        if (bindingId != 0) {
            byBinding.remove(bindingId);
            store.removeBinding(bindingId);
        }
    }

    public Collection<MessageQueue> queues() {
        return List.copyOf(queues.values());
    }

    public Collection<TopicDestination> topics() {
        return List.copyOf(topics.values());
    }

    public Collection<Subscription> durableSubscriptions() {
        return List.copyOf(durableSubscriptions.values());
    }
}
