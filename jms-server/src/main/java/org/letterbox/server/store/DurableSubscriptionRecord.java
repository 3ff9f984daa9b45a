package org.letterbox.server.store;

/** A durable subscription as journaled: client ID (null for a shared one without), name, topic, selector, noLocal. */
public record DurableSubscriptionRecord(String clientId, String name, String topic, String selector,
                                        boolean noLocal, boolean shared) {
}
