package org.letterbox.server.destination;

/** Where a sent message can be routed: a queue (one entry) or a topic (one entry per matching subscription). */
public interface MessageTarget {

    void route(BrokerMessage message);
}
