package org.letterbox.server.store;

import java.util.Locale;

/** Which {@link MessageStore} a broker runs on. */
public enum StoreType {
    /** Nothing survives a restart (tests, throwaway brokers). */
    MEMORY,
    /** The Chronicle Queue journal in the data directory. */
    CHRONICLE;

    public static StoreType parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected chronicle or memory but was '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
