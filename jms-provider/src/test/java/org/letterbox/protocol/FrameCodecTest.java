package org.letterbox.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wire codec without sockets, as Netty's own codec tests do: frames go through {@link FrameEncoder} and
 * {@link FrameDecoder} in an {@link EmbeddedChannel}; every frame type round-trips, and oversized, truncated and
 * malformed input is refused before anything is buffered for it.
 */
class FrameCodecTest {
    private static final DestinationRef QUEUE = new DestinationRef(DestinationRef.Kind.QUEUE, "orders");
    private static final WireXid XID = new WireXid(7, new byte[] {1, 2, 3}, new byte[] {4});

    /** One frame of every type, with non-default values in every field. */
    static List<Frame> everyFrameType() {
        return List.of(
                new Frames.Hello(1, Frames.MAGIC, Frames.VERSION, "alice", "secret", 5000),
                new Frames.SetClientId(2, "client-1"),
                new Frames.CreateSession(3, 4, 2),
                new Frames.CloseSession(4, 4, new long[] {1, 2}),
                new Frames.CreateConsumer(5, 4, 9L, QUEUE, "n > 1", true, "sub", true, true, 10, 2048),
                new Frames.CloseConsumer(6, 9L, 77L),
                new Frames.Credit(0, 9L, 5, 4096),
                new Frames.Pull(7, 9L, 1500L),
                new Frames.Send(8, 4, new DestinationRef(DestinationRef.Kind.TEMP_TOPIC, "tt"), new byte[] {9, 8, 7}),
                new Frames.Ack(9, 4, new long[] {3}),
                new Frames.Commit(10, 4, new long[] {5, 6}),
                new Frames.Rollback(11, 4, new long[0]),
                new Frames.Recover(12, 4, new long[] {8}),
                new Frames.CreateTempDestination(13, new DestinationRef(DestinationRef.Kind.TEMP_QUEUE, "tq")),
                new Frames.DeleteTempDestination(14, new DestinationRef(DestinationRef.Kind.TEMP_QUEUE, "tq")),
                new Frames.CheckDestination(15, QUEUE),
                new Frames.Unsubscribe(16, "sub"),
                new Frames.BrowseOpen(17, 3L, QUEUE, null),
                new Frames.BrowseNext(18, 3L, 100),
                new Frames.BrowseClose(19, 3L),
                new Frames.CloseConnection(20),
                new Frames.Start(21),
                new Frames.Stop(22),
                new Frames.XaStart(23, 4, XID, 0, 30),
                new Frames.XaEnd(24, 4, XID, 0x4000000, new long[] {1}),
                new Frames.XaPrepare(25, XID),
                new Frames.XaCommit(26, XID, true),
                new Frames.XaRollback(27, XID),
                new Frames.XaRecover(28, 0x1000000),
                new Frames.XaForget(29, XID),
                Frames.Heartbeat.INSTANCE,
                new Frames.Ok(30),
                new Frames.Error(31, ErrorCode.RESOURCE_ALLOCATION, "full"),
                new Frames.HelloOk(32, "c-1", "0.1.0", 1 << 20, "node", 60_000, 512 * 1024),
                new Frames.Deliver(0, 9L, 12L, 2, new byte[] {1}),
                new Frames.PullDone(33, true),
                new Frames.BrowseBatch(34, List.of(new byte[] {1, 2}, new byte[0]), true),
                new Frames.XaResult(35, 3, "read-only"),
                new Frames.XaRecovered(36, List.of(XID)),
                new Frames.FlowControl(0, QUEUE, true),
                new Frames.FlowControl(0, null, false),
                new Frames.SendCredit(0, 4096));
    }

    @Test
    void everyFrameTypeRoundTrips() {
        for (Frame frame : everyFrameType()) {
            EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20), FrameEncoder.INSTANCE);
            assertTrue(channel.writeOutbound(frame));
            ByteBuf wire = channel.readOutbound();
            byte[] encoded = ByteBufUtil.getBytes(wire);
            assertTrue(channel.writeInbound(wire));
            Frame decoded = channel.readInbound();
            assertEquals(frame.type(), decoded.type(), frame.toString());
            assertEquals(frame.getClass(), decoded.getClass());
            assertArrayEquals(encoded, encode(decoded), "re-encoding " + frame + " gives the same bytes");
            assertFalse(channel.finish());
        }
    }

    @Test
    void everyFrameTypeIsCovered() {
        long types = everyFrameType().stream().map(Frame::type).distinct().count();
        assertEquals(countFrameTypes(), types, "a new frame type needs a round-trip sample here");
    }

    @Test
    void aFrameAboveTheLimitIsRefusedOnItsLengthPrefixAlone() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(64 * 1024));
        ByteBuf prefix = Unpooled.buffer().writeInt(17 * 1024 * 1024); // no body at all: nothing to wait for
        DecoderException refused = assertThrows(DecoderException.class, () -> channel.writeInbound(prefix));
        assertInstanceOf(TooLongFrameException.class, refused);
        // what the peer sends afterwards is discarded, not buffered
        assertFalse(channel.writeInbound(Unpooled.wrappedBuffer(new byte[1024])));
        assertNull(channel.readInbound());
    }

    @Test
    void aPartialFrameWaitsAndThenDecodes() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));
        byte[] encoded = encode(new Frames.CreateSession(3, 4, 1));
        assertFalse(channel.writeInbound(Unpooled.wrappedBuffer(encoded, 0, 6)));
        assertTrue(channel.writeInbound(Unpooled.wrappedBuffer(encoded, 6, encoded.length - 6)));
        assertInstanceOf(Frames.CreateSession.class, channel.readInbound());
    }

    @Test
    void theLimitCanBeRaisedOnceTheClientIsTrusted() {
        FrameDecoder decoder = new FrameDecoder(64);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        byte[] big = encode(new Frames.Send(1, 1, QUEUE, new byte[1000]));
        decoder.maxFrameSize(4096);
        assertTrue(channel.writeInbound(Unpooled.wrappedBuffer(big)));
        assertInstanceOf(Frames.Send.class, channel.readInbound());
        EmbeddedChannel small = new EmbeddedChannel(new FrameDecoder(64));
        assertThrows(TooLongFrameException.class, () -> small.writeInbound(Unpooled.wrappedBuffer(big)));
    }

    @Test
    void aTruncatedBodyIsAProtocolError() {
        byte[] encoded = encode(new Frames.CreateSession(3, 4, 1));
        // claim a shorter frame: the body ends in the middle of the ack mode
        ByteBuf wire = Unpooled.buffer().writeInt(encoded.length - 4 - 2).writeBytes(encoded, 4, encoded.length - 6);
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));
        DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(wire));
        assertInstanceOf(ProtocolException.class, e.getCause());
    }

    @Test
    void trailingBytesAreAProtocolError() {
        byte[] encoded = encode(new Frames.Start(1));
        ByteBuf wire = Unpooled.buffer().writeInt(encoded.length - 4 + 1).writeBytes(encoded, 4, encoded.length - 4)
                .writeByte(0);
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));
        DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(wire));
        assertInstanceOf(ProtocolException.class, e.getCause());
    }

    @Test
    void aLengthShorterThanAHeaderAndAnUnknownTypeAreProtocolErrors() {
        EmbeddedChannel shortLength = new EmbeddedChannel(new FrameDecoder(1024));
        DecoderException e = assertThrows(DecoderException.class,
                () -> shortLength.writeInbound(Unpooled.buffer().writeInt(2).writeShort(0)));
        assertInstanceOf(ProtocolException.class, e.getCause());
        EmbeddedChannel unknown = new EmbeddedChannel(new FrameDecoder(1024));
        e = assertThrows(DecoderException.class,
                () -> unknown.writeInbound(Unpooled.buffer().writeInt(5).writeByte(99).writeInt(1)));
        assertInstanceOf(ProtocolException.class, e.getCause());
    }

    @Test
    void aHugeCountInsideAFrameIsRefusedWithoutAllocating() {
        ByteBuf body = Unpooled.buffer().writeByte(FrameType.ACK).writeInt(1).writeInt(4).writeInt(Integer.MAX_VALUE);
        ByteBuf wire = Unpooled.buffer().writeInt(body.readableBytes()).writeBytes(body);
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));
        DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(wire));
        assertInstanceOf(ProtocolException.class, e.getCause());
    }

    private static byte[] encode(Frame frame) {
        EmbeddedChannel channel = new EmbeddedChannel(FrameEncoder.INSTANCE);
        channel.writeOutbound(frame);
        ByteBuf out = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static long countFrameTypes() {
        return java.util.Arrays.stream(FrameType.class.getFields())
                .filter(f -> f.getType() == byte.class)
                .count();
    }
}
