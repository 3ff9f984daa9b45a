package org.letterbox.protocol;

import io.netty.buffer.ByteBuf;

/**
 * One unit of the Letterbox wire protocol. On TCP a frame travels as
 * {@code int length | byte type | int requestId | body}; over the in-VM transport the frame object itself
 * is passed. {@code requestId} 0 means "no reply wanted"; otherwise the broker answers with a
 * {@link Frames.Ok} (or a typed reply) or a {@link Frames.Error} carrying the same id.
 * Frames are immutable; byte arrays inside them are never modified after construction.
 */
public interface Frame {

    /** The type byte written on the wire; see {@link FrameType}. */
    byte type();

    /** Correlation id of a request or of the request a reply answers; 0 when none. */
    int requestId();

    /** Writes everything after the request id. */
    void encodeBody(ByteBuf out);
}
