package org.letterbox.jms;

import jakarta.jms.JMSException;
import jakarta.jms.TemporaryTopic;
import org.letterbox.protocol.DestinationRef;

/** A topic that lives as long as the connection that created it. */
public final class LetterboxTemporaryTopic extends LetterboxTopic implements TemporaryTopic {
    private static final long serialVersionUID = 1L;

    private final transient TemporaryDestinationOwner owner;

    public LetterboxTemporaryTopic(String name, TemporaryDestinationOwner owner) {
        super(name);
        this.owner = owner;
    }

    @Override
    public DestinationRef.Kind kind() {
        return DestinationRef.Kind.TEMP_TOPIC;
    }

    /** The connection that created it, or null for a copy received in a message. */
    public TemporaryDestinationOwner owner() {
        return owner;
    }

    @Override
    public void delete() throws JMSException {
        TemporaryDestinationOwner.delete(owner, this);
    }
}
