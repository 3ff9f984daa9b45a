package org.letterbox.server.store;

import net.openhft.chronicle.bytes.Bytes;
import org.letterbox.protocol.WireXid;
import org.letterbox.server.store.log.RecordLog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the broker's kept state from the journal's records, in order ({@link RecordLog#replay} hands them over
 * whole: checksums and damage are the log's business): live bindings, and every message still on at least one of
 * them with its delivery counts. Records of a transaction count only when its
 * commit marker follows; those of a transaction cut short by a crash are dropped. A transaction with a prepare
 * record and no commit or rollback record after it is a prepared XA branch: its messages stay off their queues and
 * the refs it settles stay held, both handed back as a {@link PreparedTransaction}.
 */
final class JournalReplay {

    private final Map<Integer, Object> bindings = new LinkedHashMap<>(); // String queue name or DurableSubscriptionRecord
    private final Map<String, Integer> queueIds = new HashMap<>();
    private final LinkedHashMap<Long, Kept> messages = new LinkedHashMap<>();
    private final Map<Long, OpenTx> openTransactions = new HashMap<>();
    private final List<Prepared> prepared = new ArrayList<>();
    // by sequence: a message routed in a transaction is dispatched (DELIVERED) before its commit marker is written
    private final Map<Long, TxMessage> uncommittedMessages = new HashMap<>();
    private final long keepBytesBudget; // message bytes kept from the replay pass; beyond it, read back by index
    private long keptBytes;
    private Bytes<byte[]> view;
    private int lastBindingId;
    private long lastTx;
    private long lastSequence;
    private long records;
    private long uncommitted;

    private static final class Kept {
        final long index;
        byte[] bytes; // null: read it back from the journal at index
        final int[] bindings;
        final int[] counts;
        int live;
        boolean[] held; // refs a prepared XA branch consumed (null: none)

        Kept(long index, byte[] bytes, int[] bindings) {
            this.index = index;
            this.bytes = bytes;
            this.bindings = bindings;
            this.counts = new int[bindings.length];
            this.live = bindings.length;
        }

        int indexOf(int binding) {
            for (int i = 0; i < bindings.length; i++) {
                if (bindings[i] == binding) {
                    return i;
                }
            }
            return -1;
        }
    }

    private record TxMessage(long index, long sequence, int[] bindings, byte[] bytes, int[] counts) {
    }

    private record TxSettle(long sequence, int binding) {
    }

    /** A transaction's records so far; {@code xid} is set once it is prepared. */
    private static final class OpenTx {
        final long firstIndex;
        final List<Object> ops = new ArrayList<>();
        WireXid xid;

        OpenTx(long firstIndex) {
            this.firstIndex = firstIndex;
        }
    }

    /** A prepared branch found by the replay, with the index of its first record (its cycles must be kept). */
    record Prepared(PreparedTransaction transaction, long firstIndex) {
    }

    JournalReplay(long keepBytesBudget) {
        this.keepBytesBudget = keepBytesBudget;
    }

    /**
     * Reads one record at log {@code position} ({@code length} bytes of {@code bytes}, which the log may reuse).
     * Returns false when it does not parse: the log treats it as damaged.
     */
    boolean read(long position, byte[] bytes, int length) {
        records++;
        if (view == null || view.underlyingObject() != bytes) {
            view = Bytes.wrapForRead(bytes); // one view per buffer, not per record
        }
        view.readPositionRemaining(0, length);
        try {
            apply(JournalRecord.read(view, this::keepBody), position);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Bodies are kept while they fit the budget; the others are read back by position when the broker wants them. */
    private boolean keepBody(int length) {
        if (keptBytes + length > keepBytesBudget) {
            return false;
        }
        keptBytes += length;
        return true;
    }

    private void apply(JournalRecord record, long index) {
        if (record instanceof JournalRecord.QueueBound q) {
            bindings.put(q.binding(), q.name());
            queueIds.put(q.name(), q.binding());
            lastBindingId = Math.max(lastBindingId, q.binding());
        } else if (record instanceof JournalRecord.DurableBound d) {
            bindings.put(d.binding(), d.subscription());
            lastBindingId = Math.max(lastBindingId, d.binding());
        } else if (record instanceof JournalRecord.Unbound u) {
            unbind(u.binding());
        } else if (record instanceof JournalRecord.MessageAdded m) {
            lastSequence = Math.max(lastSequence, m.sequence());
            if (m.tx() == 0) {
                add(index, m.sequence(), m.bindings(), m.body());
            } else {
                TxMessage message = new TxMessage(index, m.sequence(), m.bindings(), m.body(), new int[m.bindings().length]);
                deferred(m.tx(), index).ops.add(message);
                uncommittedMessages.put(m.sequence(), message);
            }
        } else if (record instanceof JournalRecord.Delivered d) {
            Kept kept = messages.get(d.sequence());
            if (kept != null) {
                raiseCount(kept.counts, kept.bindings, d.binding(), d.count());
            } else if (uncommittedMessages.containsKey(d.sequence())) {
                TxMessage m = uncommittedMessages.get(d.sequence());
                raiseCount(m.counts(), m.bindings(), d.binding(), d.count());
            }
        } else if (record instanceof JournalRecord.Settled settled) {
            if (settled.tx() == 0) {
                settle(settled.sequence(), settled.binding());
            } else {
                deferred(settled.tx(), index).ops.add(new TxSettle(settled.sequence(), settled.binding()));
            }
        } else if (record instanceof JournalRecord.Committed c) {
            OpenTx committed = openTransactions.remove(c.tx());
            if (committed != null) {
                for (Object op : committed.ops) {
                    if (op instanceof TxMessage m) {
                        uncommittedMessages.remove(m.sequence());
                        Kept kept = add(m.index(), m.sequence(), m.bindings(), m.bytes());
                        System.arraycopy(m.counts(), 0, kept.counts, 0, m.counts().length);
                    } else if (op instanceof TxSettle s) {
                        settle(s.sequence(), s.binding());
                    }
                }
            }
        } else if (record instanceof JournalRecord.Prepared p) {
            deferred(p.tx(), index).xid = p.xid();
        } else if (record instanceof JournalRecord.RolledBack r) {
            openTransactions.remove(r.tx());
        } else if (record instanceof JournalRecord.Counters c) {
            lastSequence = Math.max(lastSequence, c.lastSequence());
            lastTx = Math.max(lastTx, c.lastTx());
            lastBindingId = Math.max(lastBindingId, c.lastBindingId());
        }
    }

    private OpenTx deferred(long tx, long index) {
        lastTx = Math.max(lastTx, tx);
        return openTransactions.computeIfAbsent(tx, t -> new OpenTx(index));
    }

    private Kept add(long index, long sequence, int[] ids, byte[] bytes) {
        Kept kept = new Kept(index, bytes, ids);
        messages.put(sequence, kept);
        return kept;
    }

    /** A delivery count of one binding of a message, raised to {@code count} (a settled binding is 0: skipped). */
    private static void raiseCount(int[] counts, int[] bindings, int binding, int count) {
        for (int i = 0; i < bindings.length; i++) {
            if (bindings[i] == binding) {
                counts[i] = Math.max(counts[i], count);
                return;
            }
        }
    }

    private void forget(Kept kept) {
        if (kept.bytes != null) {
            keptBytes -= kept.bytes.length;
        }
    }

    private void settle(long sequence, int binding) {
        Kept kept = messages.get(sequence);
        if (kept == null) {
            return;
        }
        int i = kept.indexOf(binding);
        if (i >= 0) {
            kept.bindings[i] = 0;
            if (--kept.live == 0) {
                forget(messages.remove(sequence));
            }
        }
    }

    private void unbind(int binding) {
        Object removed = bindings.remove(binding);
        if (removed instanceof String name) {
            queueIds.remove(name, binding);
        }
        Iterator<Kept> it = messages.values().iterator();
        while (it.hasNext()) {
            Kept kept = it.next();
            int i = kept.indexOf(binding);
            if (i >= 0) {
                kept.bindings[i] = 0;
                if (--kept.live == 0) {
                    forget(kept);
                    it.remove();
                }
            }
        }
    }

    /** Hands the rebuilt state to the broker. */
    void finish(MessageStore.Recovery recovery) {
        for (Map.Entry<Long, OpenTx> open : openTransactions.entrySet()) {
            if (open.getValue().xid != null) {
                prepared.add(new Prepared(prepared(open.getKey(), open.getValue()), open.getValue().firstIndex));
            } else {
                uncommitted += open.getValue().ops.size();
            }
        }
        openTransactions.clear();
        prepared.sort(java.util.Comparator.comparingLong(Prepared::firstIndex));
        uncommittedMessages.clear();
        recovery.sequencesUsedUpTo(lastSequence);
        bindings.forEach((id, binding) -> {
            if (binding instanceof String name) {
                recovery.queue(id, name);
            } else {
                recovery.durableSubscription(id, (DurableSubscriptionRecord) binding);
            }
        });
        messages.forEach((sequence, kept) -> {
            int[] ids = new int[kept.live];
            int[] counts = new int[kept.live];
            int j = 0;
            for (int i = 0; i < kept.bindings.length; i++) {
                if (kept.bindings[i] != 0 && bindings.containsKey(kept.bindings[i]) && (kept.held == null || !kept.held[i])) {
                    ids[j] = kept.bindings[i];
                    counts[j++] = kept.counts[i];
                }
            }
            if (j > 0) {
                recovery.message(sequence, kept.index, kept.bytes, j == ids.length ? ids : java.util.Arrays.copyOf(ids, j),
                        j == counts.length ? counts : java.util.Arrays.copyOf(counts, j));
            }
        });
        for (Prepared branch : prepared) {
            recovery.preparedTransaction(branch.transaction());
        }
    }

    /**
     * A prepared branch's messages (on the bindings still live) and the live refs it consumed, which it marks held so
     * they are not handed back as waiting messages.
     */
    private PreparedTransaction prepared(long tx, OpenTx open) {
        List<PreparedTransaction.Send> sends = new ArrayList<>();
        List<PreparedTransaction.Consumed> consumed = new ArrayList<>();
        for (Object op : open.ops) {
            if (op instanceof TxMessage m) {
                int[] live = java.util.Arrays.stream(m.bindings()).filter(bindings::containsKey).toArray();
                if (live.length > 0) {
                    sends.add(new PreparedTransaction.Send(m.sequence(), m.index(), m.bytes(), live));
                }
            } else if (op instanceof TxSettle settle) {
                Kept kept = messages.get(settle.sequence());
                int i = kept == null ? -1 : kept.indexOf(settle.binding());
                if (i < 0 || !bindings.containsKey(settle.binding()) || (kept.held != null && kept.held[i])) {
                    continue; // gone meanwhile (its subscription was removed)
                }
                if (kept.held == null) {
                    kept.held = new boolean[kept.bindings.length];
                }
                kept.held[i] = true;
                consumed.add(new PreparedTransaction.Consumed(settle.sequence(), kept.index, kept.bytes, settle.binding(),
                        kept.counts[i]));
            }
        }
        return new PreparedTransaction(tx, open.xid, sends, consumed);
    }

    /** The prepared XA branches found (after {@link #finish}). */
    List<Prepared> prepared() {
        return prepared;
    }

    /** Every live binding: a queue name or a DurableSubscriptionRecord, by id. */
    Map<Integer, Object> bindings() {
        return bindings;
    }

    /** Each live message's journal index with how many live refs it has (for per-cycle live counts). */
    void forEachLive(java.util.function.ObjLongConsumer<Long> action) {
        messages.values().forEach(kept -> {
            int live = 0;
            for (int b : kept.bindings) {
                if (b != 0 && bindings.containsKey(b)) {
                    live++;
                }
            }
            if (live > 0) {
                action.accept(kept.index, live);
            }
        });
    }

    long lastSequence() {
        return lastSequence;
    }

    Map<String, Integer> queueIds() {
        return queueIds;
    }

    int lastBindingId() {
        return lastBindingId;
    }

    long lastTx() {
        return lastTx;
    }

    long records() {
        return records;
    }

    long uncommitted() {
        return uncommitted;
    }

    int liveMessages() {
        return messages.size();
    }

    int liveBindings() {
        return bindings.size();
    }
}
