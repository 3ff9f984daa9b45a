package org.letterbox.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import jakarta.jms.JMSException;
import org.letterbox.protocol.ErrorCode;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.Frames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The connection-level channel the JMS objects talk over: the last inbound handler of the Netty pipeline,
 * plus request/response correlation. It does not know whether the channel is a socket or in-VM.
 *
 * <ul>
 * <li>{@link #request} assigns a request id and returns a future completed (on the I/O thread) with the
 * broker's reply, or failed with the mapped {@link JMSException} when the reply is an {@link Frames.Error}.</li>
 * <li>{@link Frames.Deliver} frames go to {@link Listener#onDeliver} on the I/O thread (it must not block).</li>
 * <li>A PROTOCOL error, a protocol violation or the loss of the channel fails every pending request and
 * reports the failure once through {@link Listener#onFailure}, unless the connection was being closed on
 * purpose. Any other error with request id 0 is the refusal of a one-way frame (a non-persistent send,
 * an ack): it is logged and the connection stays usable (the broker closes the channel when it is not).</li>
 * <li>Writes of bulk frames ({@code Send}) wait while the channel is not writable, so a fast producer
 * is slowed to the pace of the network instead of filling the heap.</li>
 * <li>Liveness: a request not answered within the request timeout fails with a {@link JMSException} (its
 * deadline is checked by a periodic sweep on the I/O thread, so no timer is made per request); a connection on
 * which nothing was heard for the connection TTL fails as lost; and when nothing was written for the heartbeat
 * interval (or a third of the broker's TTL, if shorter) a {@link Frames.Heartbeat} goes out.</li>
 * </ul>
 */
// Sharable only in Netty's sense: a connection's channel is in one live pipeline at a time, but a failover connect
// adds it to each refused attempt's pipeline first
@io.netty.channel.ChannelHandler.Sharable
final class ClientChannel extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientChannel.class);

    /** What the connection hears from the channel. Both methods run on the I/O thread and must not block. */
    interface Listener {
        void onDeliver(Frames.Deliver deliver);

        void onFailure(JMSException failure);

        /** A flow-control notice: sends to {@code destination} (null: all) should wait, or may go on. */
        default void onFlowControl(org.letterbox.protocol.DestinationRef destination, boolean blocked) {
        }

        /** The broker took {@code bytes} of sent messages off the wire: that much send window is free again. */
        default void onSendCredit(int bytes) {
        }
    }

    /**
     * A request waiting for its reply. {@code deadline} is in System.nanoTime terms (0: none), after
     * {@code timeoutMillis}; {@code what} names the request in a timeout error (set once it is built, which needs the
     * id; the name, not the frame, so a waiting request does not keep its message's bytes).
     */
    private static final class Pending {
        final CompletableFuture<Frame> future;
        final Consumer<Frame> onReply;
        final long deadline;
        final long timeoutMillis;
        volatile String what = "request";

        Pending(CompletableFuture<Frame> future, Consumer<Frame> onReply, long deadline, long timeoutMillis) {
            this.future = future;
            this.onReply = onReply;
            this.deadline = deadline;
            this.timeoutMillis = timeoutMillis;
        }
    }

    /** Use the connection's request timeout. */
    static final long DEFAULT_TIMEOUT = -1;

    private final Listener listener;
    private final long requestTimeoutMillis;
    private final long heartbeatMillis;
    private final long connectionTtlMillis;
    private volatile long brokerTtlMillis;     // from the handshake: we must write within it
    private volatile long lastReadNanos = System.nanoTime();
    private volatile long lastWriteNanos = System.nanoTime();
    private io.netty.util.concurrent.ScheduledFuture<?> sweep;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final Object writability = new Object();
    private volatile Channel channel;
    private volatile JMSException failure;
    private volatile boolean closing;
    private volatile String remote = "?";

    ClientChannel(Listener listener) {
        this(listener, 0, 0, 0);
    }

    /** With the connection's request timeout, heartbeat interval and TTL in ms (0 = none each). */
    ClientChannel(Listener listener, long requestTimeoutMillis, long heartbeatMillis, long connectionTtlMillis) {
        this.listener = listener;
        this.requestTimeoutMillis = requestTimeoutMillis;
        this.heartbeatMillis = heartbeatMillis;
        this.connectionTtlMillis = connectionTtlMillis;
    }

    /** The broker closes the connection when it hears nothing for this long (from its HelloOk); 0 = never. */
    void brokerTtl(long millis) {
        this.brokerTtlMillis = millis;
        Channel ch = channel;
        if (ch != null) {
            ch.eventLoop().execute(() -> startSweep(ch)); // its heartbeats must now fit the broker's TTL
        }
    }

    /** The remote end, for messages. */
    void remote(String description) {
        this.remote = description;
    }

    // ------------------------------------------------------------------ outbound

    /** Sends a request; see {@link #request(IntFunction, boolean, Consumer)}. */
    CompletableFuture<Frame> request(IntFunction<Frame> factory) {
        return request(factory, false, null);
    }

    /**
     * Sends a request built by {@code factory} from a fresh request id.
     *
     * @param blockWhileUnwritable wait (in the calling thread) while the channel is not writable first
     * @param onReply              optional hook run on the I/O thread with the reply (an Ok, typed reply or Error)
     *                             before the future completes, and before any frame that follows the reply
     *                             is handled
     */
    CompletableFuture<Frame> request(IntFunction<Frame> factory, boolean blockWhileUnwritable, Consumer<Frame> onReply) {
        return request(factory, blockWhileUnwritable, onReply, DEFAULT_TIMEOUT);
    }

    /**
     * As {@link #request(IntFunction, boolean, Consumer)}, failing with a {@link JMSException} if no reply came within
     * {@code timeoutMillis} ({@link #DEFAULT_TIMEOUT}: the connection's request timeout; 0: no limit, e.g. a pull that
     * waits for a message as long as the application does).
     */
    CompletableFuture<Frame> request(IntFunction<Frame> factory, boolean blockWhileUnwritable, Consumer<Frame> onReply,
                                     long timeoutMillis) {
        CompletableFuture<Frame> future = new CompletableFuture<>();
        JMSException failed = failure;
        if (failed != null) {
            future.completeExceptionally(failed);
            return future;
        }
        if (blockWhileUnwritable) {
            try {
                awaitWritable();
            } catch (JMSException e) {
                future.completeExceptionally(e);
                return future;
            }
        }
        long timeout = timeoutMillis == DEFAULT_TIMEOUT ? requestTimeoutMillis : timeoutMillis;
        long deadline = timeout > 0 ? Math.max(1, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout)) : 0;
        Pending entry = new Pending(future, onReply, deadline, timeout);
        int id = newRequestId(entry);
        failed = failure;
        if (failed != null) {
            // lost a race with fail(): it may not have seen our entry
            pending.remove(id);
            future.completeExceptionally(failed);
            return future;
        }
        Frame frame = factory.apply(id);
        entry.what = frame.getClass().getSimpleName();
        lastWriteNanos = System.nanoTime();
        channel.writeAndFlush(frame).addListener(f -> {
            if (!f.isSuccess()) {
                Pending p = pending.remove(id);
                if (p != null) {
                    p.future.completeExceptionally(writeFailure(f.cause()));
                }
            }
        });
        return future;
    }

    private int newRequestId(Pending entry) {
        while (true) {
            int id = nextId.incrementAndGet();
            if (id == 0) {
                continue;
            }
            if (pending.putIfAbsent(id, entry) == null) {
                return id;
            }
        }
    }

    /** A one-way frame (request id 0). Failures to write show up as the channel's failure. */
    void send(Frame frame) throws JMSException {
        checkUsable();
        lastWriteNanos = System.nanoTime();
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    /** A one-way bulk frame: waits while the channel is not writable, then writes it. */
    void sendBlocking(Frame frame) throws JMSException {
        checkUsable();
        awaitWritable();
        lastWriteNanos = System.nanoTime();
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    /** Throws the failure if the channel has failed or is closed. */
    void checkUsable() throws JMSException {
        JMSException failed = failure;
        if (failed != null) {
            throw Errors.copy(failed);
        }
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            throw new JMSException("connection to " + remote + " is closed");
        }
    }

    /** Blocks while the channel is not writable (never on the I/O thread, where it returns at once). */
    void awaitWritable() throws JMSException {
        Channel ch = channel;
        if (ch == null || ch.isWritable() || ch.eventLoop().inEventLoop()) {
            return;
        }
        synchronized (writability) {
            while (!ch.isWritable()) {
                JMSException failed = failure;
                if (failed != null) {
                    throw Errors.copy(failed);
                }
                if (!ch.isActive()) {
                    throw new JMSException("connection to " + remote + " is closed");
                }
                try {
                    writability.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw interrupted(e);
                }
            }
        }
    }

    /** Marks a deliberate close: the coming loss of the channel is not reported as a failure. */
    void closing() {
        closing = true;
    }

    boolean isClosing() {
        return closing;
    }

    /** Closes the channel (after {@link #closing()}), failing whatever is still pending. */
    void close() {
        closing = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
        fail(new JMSException("connection closed"));
    }

    JMSException failure() {
        return failure;
    }

    Channel channel() {
        return channel;
    }

    // ------------------------------------------------------------------ inbound (I/O thread)

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        lastReadNanos = System.nanoTime();
        startSweep(ctx.channel());
        super.channelActive(ctx);
    }

    /** (Re)starts the sweep on the I/O thread at the tick the current timeouts need. */
    private void startSweep(Channel ch) {
        if (sweep != null) {
            sweep.cancel(false);
        }
        if (!ch.isActive() || failure != null) {
            return;
        }
        long tick = sweepTickMillis();
        sweep = ch.eventLoop().scheduleAtFixedRate(this::sweep, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Fine enough for the shortest of the request timeout, the heartbeat and the TTLs (at most a second). */
    private long sweepTickMillis() {
        long shortest = Long.MAX_VALUE;
        for (long t : new long[] {requestTimeoutMillis, heartbeatInterval(), connectionTtlMillis}) {
            if (t > 0) {
                shortest = Math.min(shortest, t);
            }
        }
        return shortest == Long.MAX_VALUE ? 1000 : Math.max(10, Math.min(1000, shortest / 4));
    }

    /** I/O thread: fails overdue requests, fails a silent connection, sends a heartbeat when due. */
    private void sweep() {
        long now = System.nanoTime();
        if (failure != null) {
            return;
        }
        long silentMillis = TimeUnit.NANOSECONDS.toMillis(now - lastReadNanos);
        if (connectionTtlMillis > 0 && silentMillis >= connectionTtlMillis) {
            fail(new JMSException("connection to " + remote + " lost: nothing heard from the broker for " + silentMillis
                    + " ms (connectionTtl " + connectionTtlMillis + " ms)"));
            return;
        }
        for (Map.Entry<Integer, Pending> entry : pending.entrySet()) {
            Pending p = entry.getValue();
            if (p.deadline != 0 && now - p.deadline >= 0 && pending.remove(entry.getKey(), p)) {
                p.future.completeExceptionally(new JMSException("no answer from " + remote + " to the " + p.what
                        + " within the request timeout of " + p.timeoutMillis + " ms"));
            }
        }
        long interval = heartbeatInterval();
        Channel ch = channel;
        if (interval > 0 && ch != null && ch.isActive()
                && TimeUnit.NANOSECONDS.toMillis(now - lastWriteNanos) >= interval) {
            lastWriteNanos = now;
            ch.writeAndFlush(Frames.Heartbeat.INSTANCE, ch.voidPromise());
        }
    }

    /** How often we must write: our heartbeat, and well within the broker's TTL whatever ours is. */
    private long heartbeatInterval() {
        long interval = heartbeatMillis > 0 ? heartbeatMillis : Long.MAX_VALUE;
        long brokerTtl = brokerTtlMillis;
        if (brokerTtl > 0) {
            interval = Math.min(interval, Math.max(1, brokerTtl / 3));
        }
        return interval == Long.MAX_VALUE ? 0 : interval;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        if (!(msg instanceof Frame frame)) {
            fail(new JMSException("unexpected object from transport: " + msg));
            return;
        }
        if (frame instanceof Frames.Heartbeat) {
            return;
        }
        if (frame instanceof Frames.SendCredit credit) {
            listener.onSendCredit(credit.bytes());
            return;
        }
        if (frame instanceof Frames.FlowControl notice) {
            try {
                listener.onFlowControl(notice.destination(), notice.blocked());
            } catch (RuntimeException e) {
                LOG.warn("flow control notice from {} failed", remote, e);
            }
            return;
        }
        if (frame instanceof Frames.Deliver deliver) {
            try {
                listener.onDeliver(deliver);
            } catch (RuntimeException e) {
                LOG.warn("delivery of {} to consumer {} failed", deliver.tag(), deliver.consumerId(), e);
            }
            return;
        }
        int id = frame.requestId();
        if (id == 0) {
            if (frame instanceof Frames.Error error) {
                if (error.code() == ErrorCode.PROTOCOL) {
                    fail(Errors.toException(error));
                } else {
                    // a one-way frame (a non-persistent send, an ack, credit) was refused; the connection stays
                    // usable (a fatal error is followed by the broker closing the channel)
                    LOG.warn("{} refused a one-way request: {} {}", remote, error.code(), error.message());
                }
            } else {
                fail(new JMSException("protocol error: unexpected frame " + frame.getClass().getSimpleName()
                        + " from " + remote));
            }
            return;
        }
        Pending p = pending.remove(id);
        if (p == null) {
            LOG.debug("reply {} to an abandoned request {}", frame.getClass().getSimpleName(), id);
            return;
        }
        if (p.onReply != null) {
            try {
                p.onReply.accept(frame);
            } catch (RuntimeException e) {
                LOG.warn("reply hook of request {} failed", id, e);
            }
        }
        if (frame instanceof Frames.Error error) {
            p.future.completeExceptionally(Errors.toException(error));
        } else {
            p.future.complete(frame);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        synchronized (writability) {
            writability.notifyAll();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (sweep != null) {
            sweep.cancel(false);
        }
        fail(new JMSException("connection to " + remote + " lost"));
        synchronized (writability) {
            writability.notifyAll();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        JMSException e = new JMSException("connection to " + remote + " failed: " + cause);
        if (cause instanceof Exception exception) {
            e.setLinkedException(exception);
        }
        e.initCause(cause);
        fail(e);
    }

    /** Records the first failure, fails every pending request with it, reports it once, closes the channel. */
    private void fail(JMSException e) {
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = e;
        }
        for (Integer id : pending.keySet()) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.future.completeExceptionally(e);
            }
        }
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
        if (!closing) {
            try {
                listener.onFailure(e);
            } catch (RuntimeException ex) {
                LOG.warn("connection failure handling failed", ex);
            }
        }
    }

    private JMSException writeFailure(Throwable cause) {
        JMSException failed = failure;
        if (failed != null) {
            return failed;
        }
        return Errors.wrap("write to " + remote + " failed: " + cause, cause);
    }

    // ------------------------------------------------------------------ waiting for replies

    /** Waits for a reply; an interrupt aborts the wait with a JMSException (the interrupt flag stays set). */
    static Frame await(CompletableFuture<Frame> future) throws JMSException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (CancellationException e) {
            throw Errors.wrap("request cancelled", e);
        }
    }

    /** Waits for a reply, ignoring (but keeping) interrupts; used by close paths that must finish. */
    static Frame awaitUninterruptibly(CompletableFuture<Frame> future) throws JMSException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw unwrap(e.getCause());
                } catch (CancellationException e) {
                    throw Errors.wrap("request cancelled", e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits at most {@code millis}; null on timeout. */
    static Frame await(CompletableFuture<Frame> future, long millis) throws JMSException {
        try {
            return future.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    static JMSException unwrap(Throwable cause) {
        if (cause instanceof JMSException jms) {
            return Errors.copy(jms);
        }
        return Errors.wrap(String.valueOf(cause), cause);
    }

    static JMSException interrupted(InterruptedException e) {
        return Errors.wrap("interrupted", e);
    }
}
