package org.letterbox.jms;

import javax.naming.Context;
import javax.naming.Name;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.spi.ObjectFactory;
import java.util.Hashtable;

/** Rebuilds a queue or topic bound in JNDI as a {@link Reference}. */
public final class DestinationObjectFactory implements ObjectFactory {

    @Override
    public Object getObjectInstance(Object obj, Name name, Context nameCtx, Hashtable<?, ?> environment) {
        if (!(obj instanceof Reference reference)) {
            return null;
        }
        RefAddr address = reference.get("name");
        if (address == null) {
            return null;
        }
        String physicalName = (String) address.getContent();
        String className = reference.getClassName();
        if (LetterboxQueue.class.getName().equals(className)) {
            return new LetterboxQueue(physicalName);
        }
        if (LetterboxTopic.class.getName().equals(className)) {
            return new LetterboxTopic(physicalName);
        }
        return null;
    }
}
