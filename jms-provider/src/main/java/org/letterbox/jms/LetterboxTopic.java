package org.letterbox.jms;

import jakarta.jms.Topic;
import org.letterbox.protocol.DestinationRef;

/** A topic: each subscription gets every message. */
public class LetterboxTopic extends LetterboxDestination implements Topic {
    private static final long serialVersionUID = 1L;

    public LetterboxTopic(String name) {
        super(name);
    }

    @Override
    public DestinationRef.Kind kind() {
        return DestinationRef.Kind.TOPIC;
    }

    @Override
    public String getTopicName() {
        return getPhysicalName();
    }
}
