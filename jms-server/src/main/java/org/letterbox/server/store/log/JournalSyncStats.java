package org.letterbox.server.store.log;

/**
 * What fsync=batch group commit has done since the store opened: the journal forces it ran inline on the broker
 * thread or on the syncer thread, and the confirmations each kind released (replies that wait for durability: of
 * persistent sends, commits, XA prepares, ...).
 * {@code prematureConfirmations} counts confirmations released by a force that had begun before they were asked
 * for, so it may not cover their records: 0 unless group commit is broken. For tests and monitoring.
 */
public record JournalSyncStats(long inlineForces, long threadForces, long inlineConfirmations,
                               long threadConfirmations, long prematureConfirmations) {

    public static final JournalSyncStats NONE = new JournalSyncStats(0, 0, 0, 0, 0);

    public long confirmations() {
        return inlineConfirmations + threadConfirmations;
    }

    /** The totals since {@code earlier}. */
    public JournalSyncStats since(JournalSyncStats earlier) {
        return new JournalSyncStats(inlineForces - earlier.inlineForces, threadForces - earlier.threadForces,
                inlineConfirmations - earlier.inlineConfirmations, threadConfirmations - earlier.threadConfirmations,
                prematureConfirmations - earlier.prematureConfirmations);
    }
}
