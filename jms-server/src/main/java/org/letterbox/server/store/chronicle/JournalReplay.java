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
    private int lastBindingId;
    private long lastTx;
    private long lastSequence;
    private long records;
    private long skipped;
    private long uncommitted;

    private static final class Kept {
        final byte[] bytes;
        final int[] bindings;
        final int[] counts;
        int live;

        Kept(byte[] bytes, int[] bindings) {
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

    private record TxMessage(long sequence, int[] bindings, byte[] bytes) {
    }

    private record TxSettle(long sequence, int binding) {
    }

    void read(Bytes<?> in) {
        records++;
        byte type = -1;
        try {
            type = in.readByte();
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
                    byte[] bytes = new byte[in.readInt()];
                    in.read(bytes);
                    if (tx == 0) {
                        add(sequence, ids, bytes);
                    } else {
                        deferred(tx).add(new TxMessage(sequence, ids, bytes));
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
                                add(m.sequence(), m.bindings(), m.bytes());
                            } else if (op instanceof TxSettle s) {
                                settle(s.sequence(), s.binding());
                            }
                        }
                    }
                }
                default -> throw new IllegalStateException("unknown record type " + type);
            }
        } catch (RuntimeException e) {
            skipped++;
            LOG.warn("journal record {} (type {}) is unreadable and skipped: {}", records, type, e.toString());
        }
    }

    private List<Object> deferred(long tx) {
        lastTx = Math.max(lastTx, tx);
        return openTransactions.computeIfAbsent(tx, t -> new ArrayList<>());
    }

    private void add(long sequence, int[] ids, byte[] bytes) {
        messages.put(sequence, new Kept(bytes, ids));
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
                messages.remove(sequence);
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
                recovery.message(sequence, kept.bytes, j == ids.length ? ids : java.util.Arrays.copyOf(ids, j),
                        j == counts.length ? counts : java.util.Arrays.copyOf(counts, j));
            }
        });
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
