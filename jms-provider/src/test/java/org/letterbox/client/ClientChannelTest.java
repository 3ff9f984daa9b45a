package org.letterbox.client;

import io.netty.channel.embedded.EmbeddedChannel;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.letterbox.protocol.ErrorCode;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.Frames;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request/response correlation of {@link ClientChannel}, driven through an {@link EmbeddedChannel}. */
class ClientChannelTest {

    private final List<Frames.Deliver> delivered = new ArrayList<>();
    private final List<JMSException> failures = new ArrayList<>();
    private ClientChannel client;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        client = new ClientChannel(new ClientChannel.Listener() {
            @Override
            public void onDeliver(Frames.Deliver deliver) {
                delivered.add(deliver);
            }

            @Override
            public void onFailure(JMSException failure) {
                failures.add(failure);
            }
        });
        channel = new EmbeddedChannel(client);
    }

    @Test
    void requestsGetDistinctNonZeroIdsAndRepliesCompleteTheMatchingFuture() throws Exception {
        CompletableFuture<Frame> first = client.request(id -> new Frames.CreateSession(id, 1, 1));
        CompletableFuture<Frame> second = client.request(id -> new Frames.CreateSession(id, 2, 1));
        Frames.CreateSession sent1 = channel.readOutbound();
        Frames.CreateSession sent2 = channel.readOutbound();
        assertNotEquals(0, sent1.requestId());
        assertNotEquals(sent1.requestId(), sent2.requestId());

        channel.writeInbound(new Frames.Ok(sent2.requestId()));
        assertTrue(second.isDone());
        assertFalse(first.isDone());
        channel.writeInbound(new Frames.Ok(sent1.requestId()));
        assertInstanceOf(Frames.Ok.class, ClientChannel.await(first));
    }

    @Test
    void anErrorReplyFailsTheRequestWithTheMappedException() {
        CompletableFuture<Frame> reply = client.request(id -> new Frames.Unsubscribe(id, "nope"));
        Frames.Unsubscribe sent = channel.readOutbound();
        channel.writeInbound(new Frames.Error(sent.requestId(), ErrorCode.INVALID_DESTINATION, "no such subscription"));
        InvalidDestinationException e = assertThrows(InvalidDestinationException.class, () -> ClientChannel.await(reply));
        assertEquals("no such subscription", e.getMessage());
        assertTrue(failures.isEmpty(), "a failed request is not a connection failure");
    }

    @Test
    void theReplyHookRunsBeforeTheFutureCompletesAndBeforeLaterFrames() {
        List<String> order = new ArrayList<>();
        CompletableFuture<Frame> reply = client.request(id -> new Frames.Recover(id, 1, new long[0]), false,
                frame -> order.add("hook:" + reply0(frame)));
        reply.thenRun(() -> order.add("future"));
        Frames.Recover sent = channel.readOutbound();
        channel.writeInbound(new Frames.Ok(sent.requestId()));
        channel.writeInbound(new Frames.Deliver(0, 5, 1, 1, new byte[0]));
        assertEquals(List.of("hook:Ok", "future"), order);
        assertEquals(1, delivered.size());
    }

    private static String reply0(Frame frame) {
        return frame.getClass().getSimpleName();
    }

    @Test
    void deliveriesGoToTheListener() {
        Frames.Deliver d = new Frames.Deliver(0, 42, 7, 1, new byte[]{1});
        channel.writeInbound(d);
        assertEquals(List.of(d), delivered);
    }

    @Test
    void aProtocolErrorFailsEveryPendingRequestAndIsReportedOnce() {
        CompletableFuture<Frame> a = client.request(id -> new Frames.CreateSession(id, 1, 1));
        CompletableFuture<Frame> b = client.request(id -> new Frames.CreateSession(id, 2, 1));
        channel.writeInbound(new Frames.Error(0, ErrorCode.PROTOCOL, "bad frame"));
        JMSException e = assertThrows(JMSException.class, () -> ClientChannel.await(a));
        assertTrue(e.getMessage().contains("bad frame"), e.getMessage());
        assertThrows(JMSException.class, () -> ClientChannel.await(b));
        assertEquals(1, failures.size());
        assertFalse(channel.isActive());
        // later requests fail at once
        assertThrows(JMSException.class, () -> ClientChannel.await(client.request(id -> new Frames.CloseConnection(id))));
        assertThrows(JMSException.class, () -> client.send(new Frames.Credit(0, 1, 1, 1)));
        assertEquals(1, failures.size());
    }

    @Test
    void aRefusedOneWayFrameDoesNotFailTheConnection() {
        CompletableFuture<Frame> a = client.request(id -> new Frames.CreateSession(id, 1, 1));
        channel.writeInbound(new Frames.Error(0, ErrorCode.INVALID_DESTINATION, "no such destination"));
        assertFalse(a.isDone());
        assertTrue(failures.isEmpty());
        assertTrue(channel.isActive());
    }

    @Test
    void losingTheChannelFailsPendingRequestsAndIsReportedOnce() {
        CompletableFuture<Frame> a = client.request(id -> new Frames.CreateSession(id, 1, 1));
        channel.close();
        JMSException e = assertThrows(JMSException.class, () -> ClientChannel.await(a));
        assertTrue(e.getMessage().contains("lost") || e.getMessage().contains("closed"), e.getMessage());
        assertEquals(1, failures.size());
    }

    @Test
    void aDeliberateCloseIsNotReportedAsAFailure() {
        CompletableFuture<Frame> a = client.request(id -> new Frames.CloseConnection(id));
        client.close();
        assertThrows(JMSException.class, () -> ClientChannel.await(a));
        assertTrue(failures.isEmpty());
    }

    @Test
    void aReplyToAnAbandonedRequestIsIgnored() {
        channel.writeInbound(new Frames.Ok(12345));
        assertTrue(failures.isEmpty());
        assertTrue(channel.isActive());
    }

    @Test
    void unexpectedUnsolicitedFrameIsAProtocolFailure() {
        channel.writeInbound(new Frames.Ok(0));
        assertEquals(1, failures.size());
        assertFalse(channel.isActive());
    }

    @Test
    void oneWayFramesAreWrittenWithRequestIdZero() throws Exception {
        client.send(new Frames.Ack(0, 3, new long[]{1, 2}));
        Frames.Ack ack = channel.readOutbound();
        assertEquals(0, ack.requestId());
        assertSame(Frames.Ack.class, ack.getClass());
    }
}
