package org.letterbox.jms;

import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.NamingException;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.spi.ObjectFactory;
import java.util.Hashtable;

/**
 * Rebuilds a {@link LetterboxConnectionFactory} (or {@link LetterboxXAConnectionFactory}) bound in JNDI as the {@link Reference} of
 * {@link LetterboxConnectionFactory#getReference()}. Returns null (as {@link ObjectFactory} requires) for
 * anything else, and throws {@link ConfigurationException} for a reference of ours whose URL is invalid.
 */
public final class ConnectionFactoryObjectFactory implements ObjectFactory {

    @Override
    public Object getObjectInstance(Object obj, Name name, Context nameCtx, Hashtable<?, ?> environment)
            throws NamingException {
        if (!(obj instanceof Reference reference)) {
            return null;
        }
        boolean xa = LetterboxXAConnectionFactory.class.getName().equals(reference.getClassName());
        if (!xa && !LetterboxConnectionFactory.class.getName().equals(reference.getClassName())) {
            return null;
        }
        String url = content(reference, LetterboxConnectionFactory.REF_BROKER_URL);
        LetterboxConnectionFactory factory;
        try {
            if (xa) {
                factory = url == null ? new LetterboxXAConnectionFactory() : new LetterboxXAConnectionFactory(url);
            } else {
                factory = url == null ? new LetterboxConnectionFactory() : new LetterboxConnectionFactory(url);
            }
            factory.setUser(content(reference, LetterboxConnectionFactory.REF_USER));
            factory.setPassword(content(reference, LetterboxConnectionFactory.REF_PASSWORD));
            factory.setClientId(content(reference, LetterboxConnectionFactory.REF_CLIENT_ID));
        } catch (IllegalArgumentException e) {
            ConfigurationException ex = new ConfigurationException(
                    "cannot rebuild connection factory" + (name == null ? "" : " '" + name + "'") + ": " + e.getMessage());
            ex.setRootCause(e);
            throw ex;
        }
        return factory;
    }

    private static String content(Reference reference, String type) {
        RefAddr address = reference.get(type);
        return address == null || address.getContent() == null ? null : address.getContent().toString();
    }
}
