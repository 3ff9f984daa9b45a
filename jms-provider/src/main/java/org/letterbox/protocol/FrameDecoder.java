package org.letterbox.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;

import java.util.List;

/**
 * Splits the byte stream into frames ({@code int length | byte type | int requestId | body}) and decodes each.
 *
 * <p>The length prefix is checked as soon as its four bytes arrive: a frame longer than the current limit fails the
 * channel at once, before any of its body is buffered, so a peer cannot make the decoder hold more than one
 * allowed frame. The limit can change while the channel runs: the broker starts a connection with a small one
 * (a HELLO is tiny) and raises it once the client has authenticated ({@link #maxFrameSize(int)}).
 * After a failure everything else the peer sends is discarded.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    /** type byte + request id */
    static final int HEADER_BYTES = 1 + 4;
    private static final int LENGTH_BYTES = 4;

    private int maxFrameSize;
    private boolean failed;

    public FrameDecoder(int maxFrameSize) {
        this.maxFrameSize = checkLimit(maxFrameSize);
    }

    /** The largest frame (after its length prefix) accepted from now on; call on the channel's event loop. */
    public void maxFrameSize(int bytes) {
        this.maxFrameSize = checkLimit(bytes);
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    private static int checkLimit(int bytes) {
        if (bytes < HEADER_BYTES) {
            throw new IllegalArgumentException("a frame limit below " + HEADER_BYTES + " bytes: " + bytes);
        }
        return bytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < LENGTH_BYTES) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < HEADER_BYTES) {
            throw fail(in, new ProtocolException("frame length " + length + " is shorter than a frame header"));
        }
        if (length > maxFrameSize) {
            throw fail(in, new TooLongFrameException("frame of " + length + " bytes exceeds the limit of "
                    + maxFrameSize + " bytes"));
        }
        if (in.readableBytes() < LENGTH_BYTES + length) {
            return; // wait for the rest; at most one allowed frame is ever buffered
        }
        in.skipBytes(LENGTH_BYTES);
        ByteBuf frame = in.readSlice(length);
        try {
            byte type = frame.readByte();
            int requestId = frame.readInt();
            out.add(Frames.decode(type, requestId, frame));
        } catch (IndexOutOfBoundsException e) {
            throw fail(in, new ProtocolException("truncated frame: " + e.getMessage()));
        } catch (ProtocolException e) {
            throw fail(in, e);
        }
    }

    private DecoderException fail(ByteBuf in, Exception cause) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return cause instanceof DecoderException d ? d : new DecoderException(cause);
    }
}
