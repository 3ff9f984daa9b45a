package org.letterbox.server.destination;

import jakarta.jms.MessageFormatException;
import org.letterbox.selector.Selector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a selector against an entry. A message the broker cannot decode matches no selector; that is logged once
 * per message (its queue dead-letters it), never once per evaluation.
 */
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
        boolean known = message.undecodable() != null;
        try {
            return selector.matches(message.selectorContext(deliveryCount));
        } catch (MessageFormatException e) {
            if (!known) {
                LOG.warn("message {} cannot be decoded for selectors and is dead-lettered: {}", message.sequence(),
                        e.getMessage());
            }
            return false;
        }
    }
}
