package org.letterbox.client.transport;

import jakarta.jms.JMSException;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/** Looks up the {@link TransportFactory} for a URL scheme. */
public final class Transports {
    private static final Map<String, TransportFactory> CACHE = new ConcurrentHashMap<>();

    private Transports() {
    }

    public static TransportFactory forScheme(String scheme) throws JMSException {
        TransportFactory cached = CACHE.get(scheme);
        if (cached != null) {
            return cached;
        }
        for (TransportFactory f : ServiceLoader.load(TransportFactory.class, Transports.class.getClassLoader())) {
            CACHE.putIfAbsent(f.scheme(), f);
        }
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        if (tccl != null && !CACHE.containsKey(scheme)) {
            for (TransportFactory f : ServiceLoader.load(TransportFactory.class, tccl)) {
                CACHE.putIfAbsent(f.scheme(), f);
            }
        }
        TransportFactory found = CACHE.get(scheme);
        if (found == null) {
            String hint = "vm".equals(scheme) ? " (vm:// needs the jms-server module on the classpath)" : "";
            throw new JMSException("no transport for scheme '" + scheme + "'" + hint);
        }
        return found;
    }
}
