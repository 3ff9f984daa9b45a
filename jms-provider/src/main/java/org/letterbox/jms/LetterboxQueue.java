package org.letterbox.jms;

import jakarta.jms.Queue;
import org.letterbox.protocol.DestinationRef;

/** A queue: each message goes to exactly one consumer. */
public class LetterboxQueue extends LetterboxDestination implements Queue {
    private static final long serialVersionUID = 1L;

    public LetterboxQueue(String name) {
        super(name);
    }

    @Override
    public DestinationRef.Kind kind() {
        return DestinationRef.Kind.QUEUE;
    }

    @Override
    public String getQueueName() {
        return getPhysicalName();
    }
}
