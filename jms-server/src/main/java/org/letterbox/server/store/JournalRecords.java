package org.letterbox.server.store;

import net.openhft.chronicle.bytes.Bytes;
import org.letterbox.protocol.WireXid;
import org.letterbox.server.store.DurableSubscriptionRecord;

import javax.transaction.xa.Xid;

/**
 * The journal's record formats, in one place: a type byte, then fixed fields (written with Chronicle's {@code Bytes}:
 * little-endian, strings as its UTF-8). One record is one {@link org.letterbox.server.store.log.RecordLog} record,
 * whatever the log; the Chronicle log adds a CRC-32 around it. {@link JournalReplay} reads them back.
 */
final class JournalRecords {
    static final byte QUEUE = 1;      // int binding, utf8 name
    static final byte DURABLE = 2;    // int binding, utf8 clientId, name, topic, selector, bool noLocal, bool shared
    static final byte UNBIND = 3;     // int binding
    static final byte MESSAGE = 4;    // long tx, long sequence, int n, n x int binding, int length, bytes
    static final byte DELIVERED = 5;  // long sequence, int binding, int deliveryCount
    static final byte SETTLE = 6;     // long tx, long sequence, int binding
    static final byte COMMIT = 7;     // long tx
    static final byte COUNTERS = 8;   // long lastSequence, long lastTx, int lastBindingId (each cycle's checkpoint)
    // 9 is the Chronicle log's own damage marker (ChronicleRecordLog.DAMAGE_MARKER): never a store record
    static final byte PREPARE = 10;   // long tx, int formatId, int n, n bytes gtrid, int m, m bytes bqual (XA branch)
    static final byte ROLLBACK = 11;  // long tx (a prepared XA branch rolled back)

    private JournalRecords() {
    }

    static void writeQueue(Bytes<?> out, int binding, String name) {
        out.writeByte(QUEUE).writeInt(binding);
        out.writeUtf8(name);
    }

    static void writeDurable(Bytes<?> out, int binding, DurableSubscriptionRecord s) {
        out.writeByte(DURABLE).writeInt(binding);
        out.writeUtf8(s.clientId());
        out.writeUtf8(s.name());
        out.writeUtf8(s.topic());
        out.writeUtf8(s.selector());
        out.writeBoolean(s.noLocal());
        out.writeBoolean(s.shared());
    }

    static DurableSubscriptionRecord readDurable(Bytes<?> in) {
        String clientId = in.readUtf8();
        String name = in.readUtf8();
        String topic = in.readUtf8();
        String selector = in.readUtf8();
        boolean noLocal = in.readBoolean();
        boolean shared = in.readBoolean();
        return new DurableSubscriptionRecord(clientId, name, topic, selector, noLocal, shared);
    }

    static void writeUnbind(Bytes<?> out, int binding) {
        out.writeByte(UNBIND).writeInt(binding);
    }

    /** The message record up to its length field; the message bytes follow. */
    static void writeMessageHeader(Bytes<?> out, long tx, long sequence, int[] bindings, byte[] message) {
        out.writeByte(MESSAGE).writeLong(tx).writeLong(sequence).writeInt(bindings.length);
        for (int binding : bindings) {
            out.writeInt(binding);
        }
        out.writeInt(message.length);
    }

    static void writeCounters(Bytes<?> out, long lastSequence, long lastTx, int lastBindingId) {
        out.writeByte(COUNTERS).writeLong(lastSequence).writeLong(lastTx).writeInt(lastBindingId);
    }

    static void writeDelivered(Bytes<?> out, long sequence, int binding, int deliveryCount) {
        out.writeByte(DELIVERED).writeLong(sequence).writeInt(binding).writeInt(deliveryCount);
    }

    static void writeSettle(Bytes<?> out, long tx, long sequence, int binding) {
        out.writeByte(SETTLE).writeLong(tx).writeLong(sequence).writeInt(binding);
    }

    static void writeCommit(Bytes<?> out, long tx) {
        out.writeByte(COMMIT).writeLong(tx);
    }

    static void writePrepare(Bytes<?> out, long tx, WireXid xid) {
        byte[] gtrid = xid.getGlobalTransactionId();
        byte[] bqual = xid.getBranchQualifier();
        out.writeByte(PREPARE).writeLong(tx).writeInt(xid.getFormatId());
        out.writeInt(gtrid.length).write(gtrid);
        out.writeInt(bqual.length).write(bqual);
    }

    /** The XID of a prepare record, after its tx field. */
    static WireXid readXid(Bytes<?> in) {
        int formatId = in.readInt();
        byte[] gtrid = readXidPart(in, Xid.MAXGTRIDSIZE);
        byte[] bqual = readXidPart(in, Xid.MAXBQUALSIZE);
        return new WireXid(formatId, gtrid, bqual);
    }

    private static byte[] readXidPart(Bytes<?> in, int max) {
        int length = in.readInt();
        if (length < 0 || length > max || length > in.readRemaining()) {
            throw new IllegalStateException("xid part length " + length);
        }
        byte[] part = new byte[length];
        in.read(part);
        return part;
    }

    static void writeRollback(Bytes<?> out, long tx) {
        out.writeByte(ROLLBACK).writeLong(tx);
    }
}
