package org.letterbox.server.destination;

import java.util.Locale;

/**
 * What a destination does when the messages waiting on it reach its memory limit.
 * <ul>
 * <li>{@link #PAGING}: persistent messages (journaled) beyond the limit are dropped from memory and read back from
 *     the journal when consumers need them, in arrival order. Non-persistent ones cannot be paged: for them the
 *     destination blocks producers as with {@link #BLOCK}. The default with the chronicle store.</li>
 * <li>{@link #BLOCK}: the broker withholds the reply to a send that reached the limit (a synchronous producer
 *     waits), and stops reading from a connection with many such sends outstanding, until consumers have drained
 *     the destination below its low-water mark (3/4 of the limit). The default with the memory store.</li>
 * </ul>
 */
public enum FullPolicy {
    PAGING, BLOCK;

    public static FullPolicy parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected paging or block but was '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
