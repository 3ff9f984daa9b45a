package org.letterbox.server.destination;

import org.letterbox.selector.Selector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Evaluates a selector against an entry; a message the broker cannot decode matches nothing. */
public final class Selectors {
    private static final Logger LOG = LoggerFactory.getLogger(Selectors.class);

    private Selectors() {
    }

    public static boolean matches(Selector selector, QueueEntry entry) {
        return matches(selector, entry.message, entry.deliveryCount());
    }

    public static boolean matches(Selector selector, BrokerMessage message, int deliveryCount) {
        if (selector == null) {
            return true;
        }
        try {
            return selector.matches(message.selectorContext(deliveryCount));
        } catch (Exception e) {
            LOG.warn("message {} cannot be decoded for selector '{}': {}", message.sequence(), selector, e.toString());
            return false;
        }
    }
}
