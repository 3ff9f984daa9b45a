package org.letterbox.server.store;

import java.util.Locale;

/**
 * When the journal is forced to disk. What each survives:
 * <ul>
 * <li>{@link #NEVER}: the OS decides. A confirmed message survives a broker process kill (it is in the page
 *     cache), not a power loss or kernel crash.</li>
 * <li>{@link #BATCH} (default): group commit. A persistent send or a commit is confirmed only after an fsync
 *     covering it; every request waiting at that moment shares that one fsync, and an idle broker fsyncs at
 *     once (no timer). Survives process kill and power loss.</li>
 * <li>{@link #ALWAYS}: every journal record (acks and deliveries too) is fsynced on its own before the broker goes
 *     on. Survives both, and also keeps acks across a power loss; the slowest.</li>
 * </ul>
 */
public enum FsyncPolicy {
    NEVER, BATCH, ALWAYS;

    public static FsyncPolicy parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected never, batch or always but was '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
