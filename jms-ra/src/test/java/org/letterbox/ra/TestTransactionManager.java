package org.letterbox.ra;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JTA transaction manager reduced to what the adapter's tests need: one global transaction per thread; each
 * enlisted resource gets a branch of its own (start), and completion ends every branch, then commits in one phase
 * when there is one branch and in two (prepare, commit) when there are more, or rolls back when the transaction
 * is rollback-only or a prepare fails.
 */
final class TestTransactionManager {

    private static final int FORMAT_ID = 0x4C42;
    private static final AtomicLong GLOBAL_IDS = new AtomicLong();

    private final ThreadLocal<Transaction> current = new ThreadLocal<>();
    final AtomicInteger prepares = new AtomicInteger();
    final AtomicInteger commits = new AtomicInteger();
    final AtomicInteger rollbacks = new AtomicInteger();

    /** One global transaction: its branches and what runs when it completes. */
    static final class Transaction {
        private final long globalId = GLOBAL_IDS.incrementAndGet();
        private final List<XAResource> resources = new ArrayList<>();
        private final List<Runnable> afterCompletion = new ArrayList<>();
        private boolean rollbackOnly;

        Xid branch(int index) {
            return new TestXid(FORMAT_ID, ByteBuffer.allocate(8).putLong(globalId).array(),
                    ByteBuffer.allocate(4).putInt(index).array());
        }
    }

    /** Starts a transaction on this thread. */
    Transaction begin() {
        if (current.get() != null) {
            throw new IllegalStateException("a transaction is already active on this thread");
        }
        Transaction transaction = new Transaction();
        current.set(transaction);
        return transaction;
    }

    /** This thread's transaction, or null. */
    Transaction current() {
        return current.get();
    }

    /** Enlists {@code resource} in this thread's transaction (once): a new branch, started. */
    void enlist(XAResource resource) throws XAException {
        Transaction transaction = active();
        if (!transaction.resources.contains(resource)) {
            resource.start(transaction.branch(transaction.resources.size()), XAResource.TMNOFLAGS);
            transaction.resources.add(resource);
        }
    }

    void setRollbackOnly() {
        active().rollbackOnly = true;
    }

    /** Runs {@code action} once this thread's transaction has completed, either way. */
    void afterCompletion(Runnable action) {
        active().afterCompletion.add(action);
    }

    /** Ends the branches and commits them (one phase for one branch, two for more); rolls back when rollback-only. */
    boolean commit() throws XAException {
        Transaction transaction = detach();
        boolean commit = !transaction.rollbackOnly;
        try {
            endAll(transaction, commit);
            List<XAResource> resources = transaction.resources;
            if (commit && resources.size() == 1) {
                resources.get(0).commit(transaction.branch(0), true);
                commits.incrementAndGet();
            } else if (commit && !resources.isEmpty()) {
                List<Integer> toComplete = prepareAll(transaction);
                commit = toComplete != null;
                for (int i = 0; i < resources.size(); i++) {
                    if (!commit) {
                        rollBackQuietly(resources.get(i), transaction.branch(i));
                    } else if (toComplete.contains(i)) {
                        resources.get(i).commit(transaction.branch(i), false);
                    }
                }
                (commit ? commits : rollbacks).incrementAndGet();
            } else if (!commit) {
                rollBackAll(transaction);
            }
            return commit;
        } finally {
            transaction.afterCompletion.forEach(Runnable::run);
        }
    }

    /** Ends the branches and rolls them back. */
    void rollback() throws XAException {
        Transaction transaction = detach();
        try {
            endAll(transaction, false);
            rollBackAll(transaction);
        } finally {
            transaction.afterCompletion.forEach(Runnable::run);
        }
    }

    /** The branches to commit (a read-only one is over at prepare), or null when a prepare failed. */
    private List<Integer> prepareAll(Transaction transaction) {
        List<Integer> toCommit = new ArrayList<>();
        for (int i = 0; i < transaction.resources.size(); i++) {
            try {
                if (transaction.resources.get(i).prepare(transaction.branch(i)) == XAResource.XA_OK) {
                    toCommit.add(i);
                }
                prepares.incrementAndGet();
            } catch (XAException e) {
                return null;
            }
        }
        return toCommit;
    }

    private static void endAll(Transaction transaction, boolean success) throws XAException {
        for (int i = 0; i < transaction.resources.size(); i++) {
            try {
                transaction.resources.get(i).end(transaction.branch(i), success ? XAResource.TMSUCCESS : XAResource.TMFAIL);
            } catch (XAException e) {
                if (e.errorCode < XAException.XA_RBBASE || e.errorCode > XAException.XA_RBEND) {
                    throw e;
                }
                // a rollback code: the branch is rollback-only, the completion below finds out
            }
        }
    }

    private void rollBackAll(Transaction transaction) {
        for (int i = 0; i < transaction.resources.size(); i++) {
            rollBackQuietly(transaction.resources.get(i), transaction.branch(i));
        }
        rollbacks.incrementAndGet();
    }

    private static void rollBackQuietly(XAResource resource, Xid xid) {
        try {
            resource.rollback(xid);
        } catch (XAException e) {
            // already rolled back (a rollback-only branch at prepare, a broker-side timeout)
        }
    }

    private Transaction active() {
        Transaction transaction = current.get();
        if (transaction == null) {
            throw new IllegalStateException("no transaction on this thread");
        }
        return transaction;
    }

    private Transaction detach() {
        Transaction transaction = active();
        current.remove();
        return transaction;
    }

    /** A transaction manager's Xid: a plain value with no equals, as real ones may be. */
    static final class TestXid implements Xid {
        private final int formatId;
        private final byte[] globalId;
        private final byte[] branchQualifier;

        TestXid(int formatId, byte[] globalId, byte[] branchQualifier) {
            this.formatId = formatId;
            this.globalId = globalId;
            this.branchQualifier = branchQualifier;
        }

        @Override
        public int getFormatId() {
            return formatId;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return globalId.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return branchQualifier.clone();
        }
    }
}
