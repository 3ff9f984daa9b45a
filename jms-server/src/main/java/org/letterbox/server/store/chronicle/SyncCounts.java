package org.letterbox.server.store.chronicle;

import org.letterbox.server.store.log.JournalSyncStats;

/** {@link JournalSyncer}'s running totals, kept on the broker thread where each confirmation runs. */
final class SyncCounts {
    private long inlineForces;
    private long threadForces;
    private long inlineConfirmations;
    private long threadConfirmations;
    private long premature;

    void forced(boolean inline) {
        if (inline) {
            inlineForces++;
        } else {
            threadForces++;
        }
    }

    /** {@code afterRequest}: the force that confirms it began after the confirmation was asked for. */
    void confirmed(boolean inline, boolean afterRequest) {
        if (inline) {
            inlineConfirmations++;
        } else {
            threadConfirmations++;
        }
        if (!afterRequest) {
            premature++;
        }
    }

    JournalSyncStats snapshot() {
        return new JournalSyncStats(inlineForces, threadForces, inlineConfirmations, threadConfirmations, premature);
    }
}
