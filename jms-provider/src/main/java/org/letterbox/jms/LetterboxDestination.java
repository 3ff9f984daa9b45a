package org.letterbox.jms;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.letterbox.protocol.DestinationRef;

import javax.naming.NamingException;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;
import java.io.Serializable;
import java.util.Objects;

/** Base of Letterbox's destinations: a kind and a physical name, equal by both. */
public abstract class LetterboxDestination implements Destination, Serializable, Referenceable {
    private static final long serialVersionUID = 1L;

    private final String name;

    protected LetterboxDestination(String name) {
        this.name = Objects.requireNonNull(name, "destination name");
    }

    public abstract DestinationRef.Kind kind();

    /** The physical name at the broker. */
    public String getPhysicalName() {
        return name;
    }

    public DestinationRef toRef() {
        return new DestinationRef(kind(), name);
    }

    public boolean isQueue() {
        return kind().isQueueLike();
    }

    public boolean isTemporary() {
        return kind().isTemporary();
    }

    /** The Letterbox form of any destination: ours as is, a foreign Queue/Topic by its name. */
    public static LetterboxDestination from(Destination destination) throws JMSException {
        if (destination == null || destination instanceof LetterboxDestination) {
            return (LetterboxDestination) destination;
        }
        if (destination instanceof Queue q) {
            return new LetterboxQueue(q.getQueueName());
        }
        if (destination instanceof Topic t) {
            return new LetterboxTopic(t.getTopicName());
        }
        throw new jakarta.jms.InvalidDestinationException("unsupported destination " + destination);
    }

    /** Rebuilds a destination from its wire form; temporary ones come back without an owner (cannot be deleted). */
    public static LetterboxDestination fromRef(DestinationRef ref) {
        if (ref == null) {
            return null;
        }
        return switch (ref.kind()) {
            case QUEUE -> new LetterboxQueue(ref.name());
            case TOPIC -> new LetterboxTopic(ref.name());
            case TEMP_QUEUE -> new LetterboxTemporaryQueue(ref.name(), null);
            case TEMP_TOPIC -> new LetterboxTemporaryTopic(ref.name(), null);
        };
    }

    @Override
    public Reference getReference() throws NamingException {
        Reference reference = new Reference(getClass().getName(), DestinationObjectFactory.class.getName(), null);
        reference.add(new StringRefAddr("name", name));
        return reference;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LetterboxDestination other && other.kind() == kind() && other.name.equals(name);
    }

    @Override
    public int hashCode() {
        return kind().hashCode() * 31 + name.hashCode();
    }

    @Override
    public String toString() {
        return toRef().toString();
    }
}
