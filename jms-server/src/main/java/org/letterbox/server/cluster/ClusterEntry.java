package org.letterbox.server.cluster;

import java.nio.ByteBuffer;

/**
 * What one Raft log entry of a Letterbox cluster holds, and how it is laid out: either a batch of journal records at
 * consecutive positions (what the leader's store appended in one turn of its thread), or the store's word that the
 * segments before one are no longer needed. Every node reads the same entries in the same order.
 *
 * <pre>
 * RECORDS  kind=1, first position (8), count (4), then count times: length (4), bytes
 * RELEASE  kind=2, segment (4): the segments before it may go
 * </pre>
 */
final class ClusterEntry {
    static final byte RECORDS = 1;
    static final byte RELEASE = 2;
    static final int RECORDS_HEADER = 1 + 8 + 4;

    private ClusterEntry() {
    }

    /** A position: the segment in the high 32 bits, the record's ordinal in its segment in the low ones. */
    static long position(int segment, long ordinal) {
        return ((long) segment << 32) | ordinal;
    }

    static int segmentOf(long position) {
        return (int) (position >>> 32);
    }

    static byte[] release(int segment) {
        return ByteBuffer.allocate(5).put(RELEASE).putInt(segment).array();
    }

    static byte kind(ByteBuffer entry) {
        return entry.get(entry.position());
    }

    static int releasedSegment(ByteBuffer entry) {
        check(entry, 5);
        return entry.getInt(entry.position() + 1);
    }

    static long firstPosition(ByteBuffer entry) {
        check(entry, RECORDS_HEADER);
        return entry.getLong(entry.position() + 1);
    }

    static int count(ByteBuffer entry) {
        check(entry, RECORDS_HEADER);
        return entry.getInt(entry.position() + 9);
    }

    /** Receives the records of a {@link #RECORDS} entry. */
    interface RecordVisitor {
        /** One record; {@code bytes} is only valid during the call. Returns false to stop. */
        boolean record(long position, byte[] bytes, int length);
    }

    /** Hands each record of a records entry, in order, to {@code visitor}; false if the visitor stopped. */
    static boolean forEachRecord(ByteBuffer entry, RecordVisitor visitor) {
        ByteBuffer in = entry.duplicate();
        long position = firstPosition(in);
        int count = count(in);
        in.position(in.position() + RECORDS_HEADER);
        byte[] scratch = new byte[256];
        for (int i = 0; i < count; i++) {
            if (in.remaining() < 4) {
                throw new IllegalStateException("cluster entry cut short at record " + i + " of " + count);
            }
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new IllegalStateException("cluster entry record " + i + " has a bad length " + length);
            }
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            in.get(scratch, 0, length);
            if (!visitor.record(position + i, scratch, length)) {
                return false;
            }
        }
        return true;
    }

    /** The record at {@code position} in a records entry, or null if it holds no such position. */
    static byte[] read(ByteBuffer entry, long position) {
        long first = firstPosition(entry);
        if (position < first || position >= first + count(entry)) {
            return null;
        }
        byte[][] found = new byte[1][];
        forEachRecord(entry, (p, bytes, length) -> {
            if (p == position) {
                found[0] = java.util.Arrays.copyOf(bytes, length);
                return false;
            }
            return true;
        });
        return found[0];
    }

    private static void check(ByteBuffer entry, int length) {
        if (entry.remaining() < length) {
            throw new IllegalStateException("cluster entry of " + entry.remaining() + " bytes is cut short");
        }
    }

    /** Builds a records entry as records are appended. */
    static final class Batch {
        private byte[] bytes;
        private int length = RECORDS_HEADER;
        private final long firstPosition;
        private int count;

        Batch(long firstPosition, int initialCapacity) {
            this.firstPosition = firstPosition;
            this.bytes = new byte[Math.max(RECORDS_HEADER + 64, initialCapacity)];
        }

        void add(byte[] head, int headLength, byte[] tail) {
            int tailLength = tail == null ? 0 : tail.length;
            ensure(4 + headLength + tailLength);
            ByteBuffer.wrap(bytes, length, 4).putInt(headLength + tailLength);
            length += 4;
            System.arraycopy(head, 0, bytes, length, headLength);
            length += headLength;
            if (tail != null) {
                System.arraycopy(tail, 0, bytes, length, tailLength);
                length += tailLength;
            }
            count++;
        }

        long firstPosition() {
            return firstPosition;
        }

        long lastPosition() {
            return firstPosition + count - 1;
        }

        int count() {
            return count;
        }

        int length() {
            return length;
        }

        /** The entry's bytes (the array may be longer: {@link #length()} bytes count). */
        byte[] finish() {
            ByteBuffer.wrap(bytes, 0, RECORDS_HEADER).put(RECORDS).putLong(firstPosition).putInt(count);
            return bytes;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
            }
        }
    }
}
