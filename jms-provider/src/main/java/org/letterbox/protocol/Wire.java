package org.letterbox.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/** Primitive read/write helpers shared by all frames; every read checks bounds before allocating. */
public final class Wire {
    private Wire() {
    }

    public static void writeString(ByteBuf out, String s) {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        int written = out.writeCharSequence(s, StandardCharsets.UTF_8);
        out.setInt(lengthIndex, written);
    }

    public static String readString(ByteBuf in) {
        int length = readLength(in);
        if (length < 0) {
            return null;
        }
        String s = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return s;
    }

    public static void writeBytes(ByteBuf out, byte[] bytes) {
        if (bytes == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(bytes.length);
        out.writeBytes(bytes);
    }

    public static byte[] readBytes(ByteBuf in) {
        int length = readLength(in);
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    public static void writeLongs(ByteBuf out, long[] values) {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    public static long[] readLongs(ByteBuf in) {
        int count = in.readInt();
        if (count < 0 || (long) count * Long.BYTES > in.readableBytes()) {
            throw new ProtocolException("bad long array length " + count);
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = in.readLong();
        }
        return values;
    }

    public static void writeDestination(ByteBuf out, DestinationRef d) {
        if (d == null) {
            out.writeByte(-1);
            return;
        }
        out.writeByte(d.kind().ordinal());
        writeString(out, d.name());
    }

    public static DestinationRef readDestination(ByteBuf in) {
        byte kind = in.readByte();
        if (kind < 0) {
            return null;
        }
        String name = readString(in);
        if (name == null) {
            throw new ProtocolException("destination without a name");
        }
        return new DestinationRef(DestinationRef.Kind.of(kind), name);
    }

    /** An XID as formatId, global transaction id, branch qualifier; null as two null byte arrays. */
    public static void writeXid(ByteBuf out, WireXid xid) {
        if (xid == null) {
            out.writeInt(0);
            writeBytes(out, null);
            writeBytes(out, null);
            return;
        }
        out.writeInt(xid.getFormatId());
        writeBytes(out, xid.gtrid());
        writeBytes(out, xid.bqual());
    }

    /**
     * Reads an XID; null if it was null. Parts longer than XA allows are read (bounded by the frame) and left to the
     * broker to refuse with the XA error code, rather than failing the whole connection.
     */
    public static WireXid readXid(ByteBuf in) {
        int formatId = in.readInt();
        byte[] gtrid = readBytes(in);
        byte[] bqual = readBytes(in);
        return gtrid == null || bqual == null ? null : new WireXid(formatId, gtrid, bqual);
    }

    /** Reads a length prefix, -1 for null; rejects a length larger than what the frame still holds. */
    private static int readLength(ByteBuf in) {
        int length = in.readInt();
        if (length < -1 || length > in.readableBytes()) {
            throw new ProtocolException("bad length " + length + " with " + in.readableBytes() + " bytes left");
        }
        return length;
    }
}
