package org.letterbox.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits the byte stream into frames and decodes each. The maximum frame size is checked by the
 * length-field decoder before any buffer for the frame is allocated; a longer frame fails the channel.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {

    /** type byte + request id */
    static final int HEADER_BYTES = 1 + 4;

    public FrameDecoder(int maxFrameSize) {
        super(maxFrameSize, 0, 4, 0, 4, true);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        try {
            if (frame.readableBytes() < HEADER_BYTES) {
                throw new ProtocolException("frame of " + frame.readableBytes() + " bytes is shorter than its header");
            }
            byte type = frame.readByte();
            int requestId = frame.readInt();
            return Frames.decode(type, requestId, frame);
        } catch (IndexOutOfBoundsException e) {
            throw new DecoderException(new ProtocolException("truncated frame: " + e.getMessage()));
        } finally {
            frame.release();
        }
    }
}
