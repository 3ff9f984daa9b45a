package org.letterbox.server.store;

import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.letterbox.protocol.WireXid;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every journal record type writes and reads itself back; a record cut short or of no known type is refused. */
class JournalRecordTest {
    private static final byte[] BODY = {1, 2, 3, 4, 5};

    static List<JournalRecord> everyType() {
        return List.of(
                new JournalRecord.QueueBound(3, "orders"),
                new JournalRecord.DurableBound(4, new DurableSubscriptionRecord("client", "sub", "news", "a > 1", true, false)),
                new JournalRecord.DurableBound(5, new DurableSubscriptionRecord(null, "shared", "news", null, false, true)),
                new JournalRecord.Unbound(4),
                JournalRecord.MessageAdded.of(7, 42, new int[] {3, 5}, BODY),
                new JournalRecord.Delivered(42, 3, 2),
                new JournalRecord.Settled(7, 42, 3),
                new JournalRecord.Committed(7),
                new JournalRecord.Counters(42, 7, 5),
                new JournalRecord.Prepared(8, new WireXid(1, new byte[] {9}, new byte[] {8, 7})),
                new JournalRecord.RolledBack(8));
    }

    /** As a log keeps it: the record's fields, then a message's body as the tail. */
    private static byte[] written(JournalRecord record) {
        Bytes<byte[]> out = Bytes.allocateElasticOnHeap(64);
        record.write(out);
        byte[] head = Arrays.copyOf(out.underlyingObject(), (int) out.writePosition());
        if (record instanceof JournalRecord.MessageAdded m) {
            byte[] whole = Arrays.copyOf(head, head.length + m.body().length);
            System.arraycopy(m.body(), 0, whole, head.length, m.body().length);
            return whole;
        }
        return head;
    }

    private static JournalRecord read(byte[] bytes, JournalRecord.BodyPolicy policy) {
        return JournalRecord.read(Bytes.wrapForRead(bytes), policy);
    }

    @Test
    void everyRecordTypeReadsBackAsWritten() {
        for (JournalRecord record : everyType()) {
            JournalRecord back = read(written(record), JournalRecord.BodyPolicy.ALWAYS);
            assertEquals(record.getClass(), back.getClass());
            if (record instanceof JournalRecord.MessageAdded m) {
                JournalRecord.MessageAdded n = (JournalRecord.MessageAdded) back;
                assertEquals(List.of(m.tx(), m.sequence(), m.bodyLength()), List.of(n.tx(), n.sequence(), n.bodyLength()));
                assertArrayEquals(m.bindings(), n.bindings());
                assertArrayEquals(m.body(), n.body());
            } else if (record instanceof JournalRecord.Prepared p) {
                assertEquals(p.xid(), ((JournalRecord.Prepared) back).xid());
            } else {
                assertEquals(record, back);
            }
        }
    }

    @Test
    void aMessageBodyIsLeftInTheLogWhenTheReaderDoesNotKeepIt() {
        byte[] bytes = written(JournalRecord.MessageAdded.of(0, 1, new int[] {3}, BODY));
        JournalRecord.MessageAdded read = (JournalRecord.MessageAdded) read(bytes, length -> false);
        assertNull(read.body());
        assertEquals(BODY.length, read.bodyLength());
        assertArrayEquals(BODY, JournalRecord.MessageAdded.bodyOf(bytes), "read back by position later");
    }

    @Test
    void aRecordCutShortOrOfAnUnknownTypeIsRefused() {
        for (JournalRecord record : everyType()) {
            byte[] bytes = written(record);
            for (int cut = 0; cut < bytes.length; cut++) {
                byte[] shorter = Arrays.copyOf(bytes, cut);
                assertThrows(RuntimeException.class, () -> read(shorter, JournalRecord.BodyPolicy.ALWAYS),
                        record.getClass().getSimpleName() + " cut to " + cut);
            }
        }
        assertThrows(IllegalStateException.class, () -> read(new byte[] {99, 0, 0, 0}, JournalRecord.BodyPolicy.ALWAYS));
    }
}
