package org.letterbox.server.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.FrameEncoder;
import org.letterbox.protocol.Frames;

import java.nio.ByteBuffer;

/**
 * Frames as bytes on the wire, {@code int length | byte type | int requestId | body}, exactly as {@link FrameEncoder}
 * writes them (the body comes from the frame's own {@link Frame#encodeBody}), plus hand-made ones.
 */
final class WireBytes {
    static final int LENGTH_BYTES = 4;
    static final int HEADER_BYTES = 1 + 4;

    private WireBytes() {
    }

    static byte[] encode(Frame frame) {
        ByteBuf out = Unpooled.buffer(64);
        try {
            out.writeInt(0);
            out.writeByte(frame.type());
            out.writeInt(frame.requestId());
            frame.encodeBody(out);
            out.setInt(0, out.writerIndex() - LENGTH_BYTES);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    /** A frame with any type byte and body, its length prefix right. */
    static byte[] raw(byte type, int requestId, byte[] body) {
        return withLength(HEADER_BYTES + body.length, type, requestId, body);
    }

    /** A frame whose length prefix says {@code length}, whatever follows. */
    static byte[] withLength(int length, byte type, int requestId, byte[] body) {
        return ByteBuffer.allocate(LENGTH_BYTES + HEADER_BYTES + body.length)
                .putInt(length).put(type).putInt(requestId).put(body).array();
    }

    static byte[] hello(int requestId) {
        return encode(new Frames.Hello(requestId, Frames.MAGIC, Frames.VERSION, null, null, 0));
    }

    static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] part : parts) {
            total += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }
}
