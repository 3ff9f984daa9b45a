package org.letterbox.server.transport;

import org.letterbox.server.LetterboxBroker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;

/** The brokers of this JVM that listen on a {@code vm://} name. */
public final class VmBrokers {
    private static final Map<String, LetterboxBroker> BROKERS = new ConcurrentHashMap<>();

    private VmBrokers() {
    }

    public static LetterboxBroker find(String name) {
        return BROKERS.get(name);
    }

    public static void register(String name, LetterboxBroker broker) {
        if (BROKERS.putIfAbsent(name, broker) != null) {
            throw new IllegalStateException("an in-VM broker named '" + name + "' is already running");
        }
    }

    public static void unregister(String name, LetterboxBroker broker) {
        BROKERS.remove(name, broker);
    }

    /** Starts a broker for the name unless one is already there (two racing connections start one). */
    static synchronized void startIfAbsent(String name, Callable<LetterboxBroker> starter) throws Exception {
        if (BROKERS.get(name) == null) {
            starter.call();
        }
    }
}
