package org.letterbox.server.connection;

import org.letterbox.server.destination.MessageQueue;
import org.letterbox.server.destination.QueueEntry;

/** A delivered entry an XA branch consumed: neither acknowledged nor redelivered until the branch completes. */
record HeldRef(QueueEntry entry, MessageQueue queue) {
}
