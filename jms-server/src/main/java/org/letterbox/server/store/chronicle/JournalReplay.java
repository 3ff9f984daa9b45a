package org.letterbox.server.store.chronicle;

import net.openhft.chronicle.bytes.Bytes;
import org.letterbox.server.store.DurableSubscriptionRecord;
import org.letterbox.server.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Rebuilds the broker's kept state from the journal's records, in order: live bindings, and every message
 * still on at least one of them with its delivery counts. Records of a transaction count only when its
 * commit marker follows; those of a transaction cut short by a crash are dropped.
 */
final class JournalReplay {
    private static final Logger LOG = LoggerFactory.getLogger(JournalReplay.class);

    private final Map<Integer, Object> bindings = new LinkedHashMap<>(); // String queue name or DurableSubscriptionRecord
    private final Map<String, Integer> queueIds = new HashMap<>();
    private final LinkedHashMap<Long, Kept> messages = new LinkedHashMap<>();
    private final Map<Long, List<Object>> openTransactions = new HashMap<>();
    private final CRC32 crc = new CRC32();
    private final long keepBytesBudget; // message bytes kept from the replay pass; beyond it, read back by index
    private long keptBytes;
    private byte[] buffer = new byte[4096];
    private Bytes<byte[]> view;
    private int lastBindingId;
    private long lastTx;
    private long lastSequence;
    private long records;
    private long skipped;
    private long uncommitted;
    private final List<Long> damaged = new ArrayList<>();   // damaged records not (yet) followed by a valid one
    private long damageInMiddle = -1;                       // the first damaged record followed by valid ones
    private long damagedInTotal;

    private static final class Kept {
        final long index;
        byte[] bytes; // null: read it back from the journal at index
        final int[] bindings;
        final int[] counts;
        int live;

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

    private record TxMessage(long index, long sequence, int[] bindings, byte[] bytes) {
    }

    private record TxSettle(long sequence, int binding) {
    }

    JournalReplay(long keepBytesBudget) {
        this.keepBytesBudget = keepBytesBudget;
    }

    /**
     * Reads one excerpt at journal {@code index}. Returns false (and remembers it) when the record is damaged:
     * too short, a CRC mismatch, or contents that do not parse.
     */
    boolean read(Bytes<?> in, long index) {
        records++;
        long length = in.readRemaining();
        if (length < 5 || length > Integer.MAX_VALUE) {
            return damaged(index, "length " + length);
        }
        int payload = (int) length - 4;
        if (buffer.length < payload) {
            buffer = new byte[Math.max(payload, buffer.length * 2)];
        }
        in.read(buffer, 0, payload);
        int stored = in.readInt();
        crc.reset();
        crc.update(buffer, 0, payload);
        if ((int) crc.getValue() != stored) {
            return damaged(index, "checksum mismatch");
        }
        if (view == null || view.underlyingObject() != buffer) {
            view = Bytes.wrapForRead(buffer); // one view per buffer, not per record
        }
        view.readPositionRemaining(0, payload);
        byte type = -1;
        try {
            type = view.readByte();
            parse(type, view, index);
        } catch (RuntimeException e) {
            return damaged(index, "type " + type + ": " + e);
        }
        if (type == JournalRecords.DAMAGE) {
            return true; // parse() cleared the damage it acknowledges
        }
        if (!damaged.isEmpty() && damageInMiddle < 0) {
            damageInMiddle = damaged.get(0);
        }
        return true;
    }

    private boolean damaged(long index, String why) {
        skipped++;
        damagedInTotal++;
        damaged.add(index);
        LOG.warn("journal record {} (index {}) is damaged: {}", records, Long.toHexString(index), why);
        return false;
    }

    private void parse(byte type, Bytes<?> in, long index) {
        switch (type) {
            case JournalRecords.QUEUE -> {
                int id = in.readInt();
                String name = in.readUtf8();
                bindings.put(id, name);
                queueIds.put(name, id);
                lastBindingId = Math.max(lastBindingId, id);
            }
            case JournalRecords.DURABLE -> {
                int id = in.readInt();
                bindings.put(id, JournalRecords.readDurable(in));
                lastBindingId = Math.max(lastBindingId, id);
            }
            case JournalRecords.UNBIND -> unbind(in.readInt());
            case JournalRecords.MESSAGE -> {
                long tx = in.readLong();
                long sequence = in.readLong();
                lastSequence = Math.max(lastSequence, sequence);
                int n = in.readInt();
                int[] ids = new int[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = in.readInt();
                }
                int length = in.readInt();
                if (length < 0 || length > in.readRemaining()) {
                    throw new IllegalStateException("message length " + length);
                }
                byte[] bytes = null;
                if (keptBytes + length <= keepBytesBudget) {
                    bytes = new byte[length];
                    in.read(bytes);
                    keptBytes += length;
                }
                if (tx == 0) {
                    add(index, sequence, ids, bytes);
                } else {
                    deferred(tx).add(new TxMessage(index, sequence, ids, bytes));
                }
            }
            case JournalRecords.DELIVERED -> {
                long sequence = in.readLong();
                int binding = in.readInt();
                int count = in.readInt();
                Kept kept = messages.get(sequence);
                int i = kept == null ? -1 : kept.indexOf(binding);
                if (i >= 0) {
                    kept.counts[i] = Math.max(kept.counts[i], count);
                }
            }
            case JournalRecords.SETTLE -> {
                long tx = in.readLong();
                long sequence = in.readLong();
                int binding = in.readInt();
                if (tx == 0) {
                    settle(sequence, binding);
                } else {
                    deferred(tx).add(new TxSettle(sequence, binding));
                }
            }
            case JournalRecords.COMMIT -> {
                List<Object> ops = openTransactions.remove(in.readLong());
                if (ops != null) {
                    for (Object op : ops) {
                        if (op instanceof TxMessage m) {
                            add(m.index(), m.sequence(), m.bindings(), m.bytes());
                        } else if (op instanceof TxSettle s) {
                            settle(s.sequence(), s.binding());
                        }
                    }
                }
            }
            case JournalRecords.COUNTERS -> {
                lastSequence = Math.max(lastSequence, in.readLong());
                lastTx = Math.max(lastTx, in.readLong());
                lastBindingId = Math.max(lastBindingId, in.readInt());
            }
            case JournalRecords.DAMAGE -> {
                long upTo = in.readLong();
                damaged.removeIf(i -> i <= upTo);
            }
            default -> throw new IllegalStateException("unknown record type " + type);
        }
    }

    private List<Object> deferred(long tx) {
        lastTx = Math.max(lastTx, tx);
        return openTransactions.computeIfAbsent(tx, t -> new ArrayList<>());
    }

    private void add(long index, long sequence, int[] ids, byte[] bytes) {
        messages.put(sequence, new Kept(index, bytes, ids));
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
        for (List<Object> ops : openTransactions.values()) {
            uncommitted += ops.size();
        }
        openTransactions.clear();
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
                if (kept.bindings[i] != 0 && bindings.containsKey(kept.bindings[i])) {
                    ids[j] = kept.bindings[i];
                    counts[j++] = kept.counts[i];
                }
            }
            if (j > 0) {
                recovery.message(sequence, kept.index, kept.bytes, j == ids.length ? ids : java.util.Arrays.copyOf(ids, j),
                        j == counts.length ? counts : java.util.Arrays.copyOf(counts, j));
            }
        });
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

    /** Damaged records at the end of the journal (nothing valid after them), not yet acknowledged. */
    List<Long> damagedTail() {
        return damaged;
    }

    /** The first damaged record that valid records follow, or -1. */
    long damageInMiddle() {
        return damageInMiddle;
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

    long skipped() {
        return skipped;
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
