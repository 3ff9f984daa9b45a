package org.letterbox.jms.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * Deserializes only allow-listed classes, and finds them with the thread context class loader first
 * (the application's classes in a container), falling back to the default resolution.
 */
final class AllowListObjectInputStream extends ObjectInputStream {
    private final SerializationAllowList allowList;

    AllowListObjectInputStream(InputStream in, SerializationAllowList allowList) throws IOException {
        super(in);
        this.allowList = allowList;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass descriptor) throws IOException, ClassNotFoundException {
        String name = descriptor.getName();
        checkAllowed(name);
        ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
        if (contextLoader != null) {
            try {
                return Class.forName(name, false, contextLoader);
            } catch (ClassNotFoundException notVisibleThere) {
                // fall back to the default: the loader of the closest application frame, primitives included
            }
        }
        return super.resolveClass(descriptor);
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
        for (String name : interfaces) {
            checkAllowed(name);
        }
        return super.resolveProxyClass(interfaces);
    }

    private void checkAllowed(String className) throws InvalidClassException {
        if (!allowList.allows(className)) {
            throw new InvalidClassException(className, "not allowed by " + SerializationAllowList.PROPERTY);
        }
    }
}
