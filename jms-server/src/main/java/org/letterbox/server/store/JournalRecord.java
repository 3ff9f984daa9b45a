package org.letterbox.server.store;

import net.openhft.chronicle.bytes.Bytes;
import org.letterbox.protocol.WireXid;

import javax.transaction.xa.Xid;

/**
 * The records of the journal, in one place: each type writes and reads itself. On the wire of any
 * {@link org.letterbox.server.store.log.RecordLog} a record is a type byte, then its fields (Chronicle's {@code Bytes}
 * encoding: little-endian, strings as its UTF-8); the Chronicle log adds a CRC-32 around it.
 */
sealed interface JournalRecord {
    byte QUEUE = 1;
    byte DURABLE = 2;
    byte UNBIND = 3;
    byte MESSAGE = 4;
    byte DELIVERED = 5;
    byte SETTLE = 6;
    byte COMMIT = 7;
    byte COUNTERS = 8;
    // 9 is the Chronicle log's own damage marker (ChronicleRecordLog.DAMAGE_MARKER): never a store record
    byte PREPARE = 10;
    byte ROLLBACK = 11;

    /** Writes the record (for a message: everything before its body, which follows as the log record's tail). */
    void write(Bytes<?> out);

    /**
     * Reads one record. A message's body is copied only if {@code keepBody} allows its length (a replay keeps only so
     * many bytes in memory); otherwise it is left for a later read by position.
     */
    static JournalRecord read(Bytes<?> in, BodyPolicy keepBody) {
        if (in.readRemaining() < 1) {
            throw new IllegalStateException("an empty record");
        }
        byte type = in.readByte();
        JournalRecord record = switch (type) {
            case QUEUE -> QueueBound.read(in);
            case DURABLE -> DurableBound.read(in);
            case UNBIND -> new Unbound(in.readInt());
            case MESSAGE -> MessageAdded.read(in, keepBody);
            case DELIVERED -> new Delivered(in.readLong(), in.readInt(), in.readInt());
            case SETTLE -> new Settled(in.readLong(), in.readLong(), in.readInt());
            case COMMIT -> new Committed(in.readLong());
            case COUNTERS -> new Counters(in.readLong(), in.readLong(), in.readInt());
            case PREPARE -> Prepared.read(in);
            case ROLLBACK -> new RolledBack(in.readLong());
            default -> throw new IllegalStateException("unknown record type " + type);
        };
        if (type != MESSAGE && in.readRemaining() != 0) { // a message's body may be left unread
            throw new IllegalStateException(in.readRemaining() + " bytes after a record of type " + type);
        }
        return record;
    }

    /** A string, null allowed; its length must be there (Chronicle would read the end of its input as a string). */
    private static String utf8(Bytes<?> in, String what) {
        if (in.readRemaining() < 1) {
            throw new IllegalStateException("a record cut short before its " + what);
        }
        return in.readUtf8();
    }

    /** A string that must not be null. */
    private static String required(Bytes<?> in, String what) {
        String value = utf8(in, what);
        if (value == null) {
            throw new IllegalStateException("a record without its " + what);
        }
        return value;
    }

    /** Whether a replay keeps a message body of {@code length} bytes in memory. */
    @FunctionalInterface
    interface BodyPolicy {
        BodyPolicy ALWAYS = length -> true;

        boolean keep(int length);
    }

    /** A named queue is kept under {@code binding}. */
    record QueueBound(int binding, String name) implements JournalRecord {
        public void write(Bytes<?> out) {
            out.writeByte(QUEUE).writeInt(binding);
            out.writeUtf8(name);
        }

        static QueueBound read(Bytes<?> in) {
            return new QueueBound(in.readInt(), required(in, "queue name"));
        }
    }

    /** A durable subscription is kept under {@code binding}. */
    record DurableBound(int binding, DurableSubscriptionRecord subscription) implements JournalRecord {
        public void write(Bytes<?> out) {
            out.writeByte(DURABLE).writeInt(binding);
            out.writeUtf8(subscription.clientId());
            out.writeUtf8(subscription.name());
            out.writeUtf8(subscription.topic());
            out.writeUtf8(subscription.selector());
            out.writeBoolean(subscription.noLocal());
            out.writeBoolean(subscription.shared());
        }

        static DurableBound read(Bytes<?> in) {
            int binding = in.readInt();
            String clientId = utf8(in, "client id");
            String name = required(in, "subscription name");
            String topic = required(in, "topic");
            String selector = utf8(in, "selector");
            boolean noLocal = in.readBoolean();
            boolean shared = in.readBoolean();
            return new DurableBound(binding, new DurableSubscriptionRecord(clientId, name, topic, selector, noLocal, shared));
        }
    }

    /** A binding is gone (a durable subscription unsubscribed or replaced), with every ref on it. */
    record Unbound(int binding) implements JournalRecord {
        public void write(Bytes<?> out) {
            out.writeByte(UNBIND).writeInt(binding);
        }
    }

    /**
     * A persistent message, once, with every binding it went to ({@code tx} 0: outside a transaction). Its body follows
     * the record's fields as the log record's tail; {@code body} is null when the reader did not keep it.
     */
    record MessageAdded(long tx, long sequence, int[] bindings, int bodyLength, byte[] body) implements JournalRecord {
        /** The record for {@code body}, to be written with {@code body} as its tail. */
        static MessageAdded of(long tx, long sequence, int[] bindings, byte[] body) {
            return new MessageAdded(tx, sequence, bindings, body.length, body);
        }

        public void write(Bytes<?> out) {
            out.writeByte(MESSAGE).writeLong(tx).writeLong(sequence).writeInt(bindings.length);
            for (int binding : bindings) {
                out.writeInt(binding);
            }
            out.writeInt(bodyLength);
        }

        static MessageAdded read(Bytes<?> in, BodyPolicy keepBody) {
            long tx = in.readLong();
            long sequence = in.readLong();
            int n = in.readInt();
            if (n < 0 || 4L * n > in.readRemaining()) {
                throw new IllegalStateException("binding count " + n);
            }
            int[] bindings = new int[n];
            for (int i = 0; i < n; i++) {
                bindings[i] = in.readInt();
            }
            int length = in.readInt();
            if (length < 0 || length > in.readRemaining()) {
                throw new IllegalStateException("message length " + length);
            }
            byte[] body = null;
            if (keepBody.keep(length)) {
                body = new byte[length];
                in.read(body);
            }
            return new MessageAdded(tx, sequence, bindings, length, body);
        }

        /** The body of the message record in {@code record} (a whole record, as a log reads it back). */
        static byte[] bodyOf(byte[] record) {
            Bytes<byte[]> in = Bytes.wrapForRead(record);
            if (in.readByte() != MESSAGE) {
                throw new IllegalStateException("not a message record");
            }
            return read(in, BodyPolicy.ALWAYS).body();
        }
    }

    /** A ref was handed to a consumer for the {@code count}-th time (a hint for redelivery counts after a restart). */
    record Delivered(long sequence, int binding, int count) implements JournalRecord {
        public void write(Bytes<?> out) {
            out.writeByte(DELIVERED).writeLong(sequence).writeInt(binding).writeInt(count);
        }
    }

    /** A ref left its binding for good ({@code tx} 0: outside a transaction). */
    record Settled(long tx, long sequence, int binding) implements JournalRecord {
        public void write(Bytes<?> out) {
            out.writeByte(SETTLE).writeLong(tx).writeLong(sequence).writeInt(binding);
        }
    }

    /** The commit marker: the records of {@code tx} count. */
    record Committed(long tx) implements JournalRecord {
        public void write(Bytes<?> out) {
            out.writeByte(COMMIT).writeLong(tx);
        }
    }

    /** The counters so far, repeated at the start of each segment (a checkpoint) so older segments can go. */
    record Counters(long lastSequence, long lastTx, int lastBindingId) implements JournalRecord {
        public void write(Bytes<?> out) {
            out.writeByte(COUNTERS).writeLong(lastSequence).writeLong(lastTx).writeInt(lastBindingId);
        }
    }

    /** The records of {@code tx} so far are an XA branch prepared under {@code xid}. */
    record Prepared(long tx, WireXid xid) implements JournalRecord {
        public void write(Bytes<?> out) {
            byte[] gtrid = xid.getGlobalTransactionId();
            byte[] bqual = xid.getBranchQualifier();
            out.writeByte(PREPARE).writeLong(tx).writeInt(xid.getFormatId());
            out.writeInt(gtrid.length).write(gtrid);
            out.writeInt(bqual.length).write(bqual);
        }

        static Prepared read(Bytes<?> in) {
            long tx = in.readLong();
            int formatId = in.readInt();
            byte[] gtrid = part(in, Xid.MAXGTRIDSIZE);
            byte[] bqual = part(in, Xid.MAXBQUALSIZE);
            return new Prepared(tx, new WireXid(formatId, gtrid, bqual));
        }

        private static byte[] part(Bytes<?> in, int max) {
            int length = in.readInt();
            if (length < 0 || length > max || length > in.readRemaining()) {
                throw new IllegalStateException("xid part length " + length);
            }
            byte[] part = new byte[length];
            in.read(part);
            return part;
        }
    }

    /** A prepared branch rolled back: its messages never go live, the refs it consumed stay. */
    record RolledBack(long tx) implements JournalRecord {
        public void write(Bytes<?> out) {
            out.writeByte(ROLLBACK).writeLong(tx);
        }
    }
}
