package org.letterbox.server.connection;

import org.letterbox.server.destination.MessageQueue;
import org.letterbox.server.destination.QueueEntry;

/** A message handed to a consumer and not yet acknowledged: what a tag names. */
record Delivery(long tag, QueueEntry entry, MessageQueue queue, ServerConsumer consumer) {
}
