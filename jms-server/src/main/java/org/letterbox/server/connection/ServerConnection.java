package org.letterbox.server.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.letterbox.protocol.DestinationRef;
import org.letterbox.protocol.ErrorCode;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.FrameType;
import org.letterbox.protocol.Frames;
import org.letterbox.selector.Selector;
import org.letterbox.server.destination.BrokerException;
import org.letterbox.server.destination.BrokerMessage;
import org.letterbox.server.destination.Destinations;
import org.letterbox.server.destination.MessageQueue;
import org.letterbox.server.destination.MessageTarget;
import org.letterbox.server.destination.Subscription;
import org.letterbox.server.destination.TopicDestination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker side of one client connection: turns each request frame into broker operations and answers
 * it. Runs on the broker's event loop only. A request the broker refuses is answered with an Error frame
 * (the connection lives on); a frame that breaks the protocol closes only this connection.
 */
public final class ServerConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);
    static final String BROKER_VERSION = "0.1.0";

    private final BrokerCore core;
    private final Channel channel;
    private final Destinations destinations;
    private final Map<Integer, ServerSession> sessions = new HashMap<>();
    private final Map<Long, ServerConsumer> consumers = new HashMap<>();
    private final Map<Long, BrowseCursor> browsers = new HashMap<>();
    private final XaRequests xa;
    private String connectionId;
    private String clientId;
    private boolean dirty;
    private boolean closed;
    private boolean started; // Connection.start(): until then nothing is pushed to this connection's consumers
    private final java.util.ArrayDeque<PendingReply> withheld = new java.util.ArrayDeque<>(); // flow control
    private static final int MAX_WITHHELD_REPLIES = 64;

    public ServerConnection(BrokerCore core, Channel channel) {
        this.core = core;
        this.channel = channel;
        this.destinations = core.destinations();
        this.xa = new XaRequests(this, core.xa());
    }

    // ------------------------------------------------------------------ output

    void write(Frame frame) {
        if (closed && frame.type() == FrameType.DELIVER) {
            return;
        }
        channel.write(frame, channel.voidPromise());
        core.flusher().written(this);
    }

    boolean markDirty() {
        if (dirty) {
            return false;
        }
        dirty = true;
        return true;
    }

    void flush() {
        dirty = false;
        channel.flush();
    }

    /** Writes a reply unless this connection has closed meanwhile (a reply that waited for the journal). */
    void replyIfOpen(Frame reply) {
        if (!closed) {
            write(reply);
        }
    }

    private void ok(int requestId) {
        if (requestId != 0) {
            write(new Frames.Ok(requestId));
        }
    }

    /** Answers once everything journaled so far is durable (per the fsync policy); dropped if the connection closed. */
    private void okWhenDurable(int requestId) {
        if (requestId != 0) {
            core.store().whenDurable(() -> {
                if (!closed) {
                    ok(requestId);
                }
            });
        }
    }

    private void error(int requestId, ErrorCode code, String message) {
        write(new Frames.Error(requestId, code, message));
    }

    // ------------------------------------------------------------------ input

    /** Handles one frame; never throws: a refusal is answered, a broken frame closes this connection. */
    public void handle(Frame frame) {
        if (closed) {
            return;
        }
        try {
            if (connectionId == null) {
                hello(frame);
                return;
            }
            dispatch(frame);
        } catch (BrokerException e) {
            error(frame.requestId(), e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("connection {}: failed to handle frame type {}", connectionId, frame.type(), e);
            error(frame.requestId(), ErrorCode.GENERIC, "broker failed to handle the request: " + e);
        }
    }

    private void dispatch(Frame frame) throws BrokerException {
        switch (frame.type()) {
            case FrameType.SEND -> send((Frames.Send) frame);
            case FrameType.ACK -> ack((Frames.Ack) frame);
            case FrameType.CREDIT -> credit((Frames.Credit) frame);
            case FrameType.PULL -> pull((Frames.Pull) frame);
            case FrameType.COMMIT -> commit((Frames.Commit) frame);
            case FrameType.ROLLBACK -> rollback((Frames.Rollback) frame);
            case FrameType.RECOVER -> recover((Frames.Recover) frame);
            case FrameType.SET_CLIENT_ID -> setClientId((Frames.SetClientId) frame);
            case FrameType.CREATE_SESSION -> createSession((Frames.CreateSession) frame);
            case FrameType.CLOSE_SESSION -> closeSession((Frames.CloseSession) frame);
            case FrameType.CREATE_CONSUMER -> createConsumer((Frames.CreateConsumer) frame);
            case FrameType.CLOSE_CONSUMER -> closeConsumer((Frames.CloseConsumer) frame);
            case FrameType.CREATE_TEMP_DESTINATION -> createTemporary((Frames.CreateTempDestination) frame);
            case FrameType.DELETE_TEMP_DESTINATION -> deleteTemporary((Frames.DeleteTempDestination) frame);
            case FrameType.CHECK_DESTINATION -> checkDestination((Frames.CheckDestination) frame);
            case FrameType.UNSUBSCRIBE -> unsubscribe((Frames.Unsubscribe) frame);
            case FrameType.BROWSE_OPEN -> browseOpen((Frames.BrowseOpen) frame);
            case FrameType.BROWSE_NEXT -> browseNext((Frames.BrowseNext) frame);
            case FrameType.BROWSE_CLOSE -> browseClose((Frames.BrowseClose) frame);
            case FrameType.START -> start(frame.requestId());
            case FrameType.STOP -> stop(frame.requestId());
            case FrameType.CLOSE_CONNECTION -> closeConnection(frame.requestId());
            case FrameType.XA_START, FrameType.XA_END, FrameType.XA_PREPARE, FrameType.XA_COMMIT, FrameType.XA_ROLLBACK,
                    FrameType.XA_RECOVER, FrameType.XA_FORGET -> xa.handle(frame);
            case FrameType.HELLO -> throw new BrokerException(ErrorCode.PROTOCOL, "already connected");
            default -> protocolError("a client may not send frame type " + frame.type());
        }
    }

    private void hello(Frame frame) {
        if (!(frame instanceof Frames.Hello hello) || hello.magic() != Frames.MAGIC) {
            protocolError("the first frame must be a Letterbox HELLO");
            return;
        }
        if (hello.version() != Frames.VERSION) {
            refuseAndClose(hello.requestId(), ErrorCode.PROTOCOL, "protocol version " + hello.version()
                    + " is not supported (broker speaks " + Frames.VERSION + ")");
            return;
        }
        if (!core.authenticator().authenticate(hello.user(), hello.password())) {
            LOG.info("refused connection from {}: bad credentials for user {}", channel.remoteAddress(), hello.user());
            refuseAndClose(hello.requestId(), ErrorCode.SECURITY, "authentication failed for user " + hello.user());
            return;
        }
        connectionId = core.newConnectionId();
        core.opened(this);
        write(new Frames.HelloOk(hello.requestId(), connectionId, BROKER_VERSION, core.maxFrameSize(), core.nodeId()));
    }

    private void setClientId(Frames.SetClientId frame) throws BrokerException {
        if (clientId != null) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "client ID is already set to " + clientId);
        }
        String requested = frame.clientId();
        if (requested == null || requested.isEmpty()) {
            throw new BrokerException(ErrorCode.INVALID_CLIENT_ID, "a client ID must not be empty");
        }
        if (!core.claimClientId(requested)) {
            throw new BrokerException(ErrorCode.INVALID_CLIENT_ID, "client ID '" + requested + "' is in use by another connection");
        }
        clientId = requested;
        ok(frame.requestId());
    }

    private void createSession(Frames.CreateSession frame) throws BrokerException {
        int mode = frame.ackMode();
        if ((mode < Session.SESSION_TRANSACTED || mode > Session.DUPS_OK_ACKNOWLEDGE) && mode != Frames.XA_SESSION) {
            throw new BrokerException(ErrorCode.GENERIC, "invalid acknowledge mode " + mode);
        }
        if (sessions.putIfAbsent(frame.sessionId(), new ServerSession(frame.sessionId(), mode, this)) != null) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "session " + frame.sessionId() + " already exists");
        }
        ok(frame.requestId());
    }

    private void closeSession(Frames.CloseSession frame) {
        ServerSession session = sessions.remove(frame.sessionId());
        if (session == null) {
            ok(frame.requestId());
            return;
        }
        List<MessageQueue> touched = new ArrayList<>();
        for (ServerConsumer consumer : List.copyOf(session.consumers())) {
            detach(consumer);
            touched.add(consumer.queue());
        }
        core.xa().sessionClosed(session);
        touched.addAll(session.rollback(frame.consumedTags()));
        ok(frame.requestId());
        dispatchAll(touched);
    }

    private void createConsumer(Frames.CreateConsumer frame) throws BrokerException {
        ServerSession session = session(frame.sessionId());
        if (consumers.containsKey(frame.consumerId())) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "consumer " + frame.consumerId() + " already exists");
        }
        DestinationRef ref = requireDestination(frame.destination());
        if (ref.isTemporary()) {
            destinations.checkTemporaryOwner(ref, connectionId);
        }
        Selector selector = compile(frame.selector());
        ServerConsumer consumer;
        if (ref.isQueueLike()) {
            MessageQueue queue = destinations.queue(ref);
            consumer = new ServerConsumer(frame.consumerId(), session, queue, null, selector,
                    frame.windowMessages(), frame.windowBytes());
        } else {
            Subscription subscription = subscribe(frame, ref, selector);
            consumer = new ServerConsumer(frame.consumerId(), session, subscription.queue(), subscription, null,
                    frame.windowMessages(), frame.windowBytes());
        }
        consumer.queue().addConsumer(consumer);
        session.consumers().add(consumer);
        consumers.put(consumer.id(), consumer);
        ok(frame.requestId());
        consumer.queue().dispatch();
    }

    private Subscription subscribe(Frames.CreateConsumer frame, DestinationRef ref, Selector selector) throws BrokerException {
        TopicDestination topic = destinations.topic(ref);
        String name = frame.subscriptionName();
        if (name == null) {
            return destinations.subscribePrivately(topic, selector, frame.noLocal(), connectionId);
        }
        if (name.isEmpty()) {
            throw new BrokerException(ErrorCode.GENERIC, "a subscription name must not be empty");
        }
        if (frame.durable() && !frame.shared() && clientId == null) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "an unshared durable subscription needs a client ID");
        }
        return destinations.subscribeNamed(new Subscription.Key(clientId, name), frame.durable(), frame.shared(), topic,
                frame.selector(), selector, frame.noLocal(), connectionId);
    }

    private void closeConsumer(Frames.CloseConsumer frame) {
        ServerConsumer consumer = consumers.get(frame.consumerId());
        if (consumer == null) {
            ok(frame.requestId());
            return;
        }
        detach(consumer);
        var touched = consumer.session().returnUnconsumed(consumer, frame.lastConsumedTag());
        ok(frame.requestId());
        dispatchAll(touched);
        consumer.queue().dispatch();
    }

    /** Unhooks a consumer from its queue and session; a non-durable subscription goes with its last consumer. */
    private void detach(ServerConsumer consumer) {
        consumers.remove(consumer.id());
        consumer.session().consumers().remove(consumer);
        consumer.queue().removeConsumer(consumer);
        consumer.endPull();
        if (consumer.subscription() != null) {
            destinations.releaseIfUnused(consumer.subscription());
        }
    }

    private void credit(Frames.Credit frame) {
        ServerConsumer consumer = consumers.get(frame.consumerId());
        if (consumer != null) {
            consumer.addCredit(frame.messages(), frame.bytes());
            consumer.queue().dispatch();
        }
    }

    private void pull(Frames.Pull frame) throws BrokerException {
        ServerConsumer consumer = consumers.get(frame.consumerId());
        if (consumer == null) {
            write(new Frames.PullDone(frame.requestId(), false));
            return;
        }
        consumer.pull(frame.requestId(), frame.timeoutMillis(), core);
    }

    private void send(Frames.Send frame) throws BrokerException {
        ServerSession session = session(frame.sessionId());
        DestinationRef ref = requireDestination(frame.destination());
        MessageTarget target = destinations.target(ref);
        BrokerMessage message = parse(frame.message());
        if (session.holdsSends()) {
            session.hold(target, message);
            ok(frame.requestId());
            return;
        }
        core.takeFullTarget();
        boolean journaled = core.route(target, message, 0);
        int requestId = frame.requestId();
        Runnable reply = journaled && requestId != 0
                ? () -> okWhenDurable(requestId) // a confirmed persistent send is durable
                : () -> ok(requestId);
        replyWhenSpace(reply);
    }

    /**
     * Flow control: if the last routing filled a queue past its memory limit, the reply waits until it drains
     * (a synchronous producer waits with it); with many replies withheld, this connection is not read either.
     */
    private void replyWhenSpace(Runnable reply) {
        MessageQueue full = core.takeFullTarget();
        if (full == null && withheld.isEmpty()) {
            reply.run();
            return;
        }
        PendingReply pending = new PendingReply(reply);
        withheld.add(pending); // replies keep their order: later ones wait behind a withheld one
        if (withheld.size() > MAX_WITHHELD_REPLIES && channel.config().isAutoRead()) {
            channel.config().setAutoRead(false);
        }
        if (full == null) {
            pending.released = true;
        } else {
            full.whenSpace(() -> {
                pending.released = true;
                releaseWithheld();
            });
        }
        releaseWithheld();
    }

    private void releaseWithheld() {
        while (!withheld.isEmpty() && withheld.peek().released) {
            Runnable reply = withheld.poll().reply;
            if (!closed) {
                reply.run();
            }
        }
        if (withheld.size() <= MAX_WITHHELD_REPLIES / 2 && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    private static final class PendingReply {
        final Runnable reply;
        boolean released;

        PendingReply(Runnable reply) {
            this.reply = reply;
        }
    }

    private BrokerMessage parse(byte[] bytes) throws BrokerException {
        try {
            return new BrokerMessage(core.nextMessageSequence(), bytes, connectionId);
        } catch (JMSException | RuntimeException e) {
            throw new BrokerException(ErrorCode.MESSAGE_FORMAT, "malformed message: " + e.getMessage());
        }
    }

    private void ack(Frames.Ack frame) throws BrokerException {
        session(frame.sessionId()).acknowledge(frame.tags());
        okWhenDurable(frame.requestId());
    }

    private void commit(Frames.Commit frame) throws BrokerException {
        ServerSession session = session(frame.sessionId());
        if (!session.transacted()) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "session " + frame.sessionId() + " is not transacted");
        }
        long txId = core.store().newTransaction();
        core.takeFullTarget();
        core.commitJournaled(txId, () -> session.commit(frame.consumedTags(), core, txId));
        int requestId = frame.requestId();
        replyWhenSpace(() -> okWhenDurable(requestId));
    }

    private void rollback(Frames.Rollback frame) throws BrokerException {
        ServerSession session = session(frame.sessionId());
        if (!session.transacted()) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "session " + frame.sessionId() + " is not transacted");
        }
        var touched = session.rollback(frame.consumedTags());
        ok(frame.requestId()); // before redelivery: the client drops deliveries until this reply
        dispatchAll(touched);
        session.consumers().forEach(c -> c.queue().dispatch());
    }

    private void recover(Frames.Recover frame) throws BrokerException {
        ServerSession session = session(frame.sessionId());
        if (session.transacted()) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "recover is not allowed in a transacted session");
        }
        var touched = session.rollback(frame.consumedTags());
        ok(frame.requestId());
        dispatchAll(touched);
        session.consumers().forEach(c -> c.queue().dispatch());
    }

    private void createTemporary(Frames.CreateTempDestination frame) throws BrokerException {
        DestinationRef ref = requireDestination(frame.destination());
        destinations.createTemporary(ref, connectionId);
        ok(frame.requestId());
    }

    private void deleteTemporary(Frames.DeleteTempDestination frame) throws BrokerException {
        destinations.deleteTemporary(requireDestination(frame.destination()), connectionId);
        ok(frame.requestId());
    }

    private void checkDestination(Frames.CheckDestination frame) throws BrokerException {
        destinations.target(requireDestination(frame.destination()));
        ok(frame.requestId());
    }

    private void unsubscribe(Frames.Unsubscribe frame) throws BrokerException {
        if (frame.subscriptionName() == null || frame.subscriptionName().isEmpty()) {
            throw new BrokerException(ErrorCode.INVALID_DESTINATION, "a subscription name is required");
        }
        destinations.unsubscribe(new Subscription.Key(clientId, frame.subscriptionName()));
        ok(frame.requestId());
    }

    private void browseOpen(Frames.BrowseOpen frame) throws BrokerException {
        DestinationRef ref = requireDestination(frame.destination());
        if (!ref.isQueueLike()) {
            throw new BrokerException(ErrorCode.INVALID_DESTINATION, "only queues can be browsed");
        }
        Selector selector = compile(frame.selector());
        browsers.put(frame.browserId(), new BrowseCursor(destinations.queue(ref).browse(selector)));
        ok(frame.requestId());
    }

    private void browseNext(Frames.BrowseNext frame) throws BrokerException {
        BrowseCursor cursor = browsers.get(frame.browserId());
        if (cursor == null) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "browser " + frame.browserId() + " is not open");
        }
        List<byte[]> batch = cursor.next(Math.max(1, frame.maxMessages()), core.maxFrameSize() / 2);
        boolean last = cursor.exhausted();
        if (last) {
            browsers.remove(frame.browserId()); // the client asks no more: its snapshot need not be held
        }
        write(new Frames.BrowseBatch(frame.requestId(), batch, last));
    }

    private void browseClose(Frames.BrowseClose frame) {
        browsers.remove(frame.browserId());
        ok(frame.requestId());
    }

    int openBrowseCursors() {
        return browsers.size();
    }

    boolean started() {
        return started;
    }

    private void start(int requestId) {
        started = true;
        ok(requestId);
        for (ServerConsumer consumer : List.copyOf(consumers.values())) {
            consumer.queue().dispatch();
        }
    }

    private void stop(int requestId) {
        started = false;
        ok(requestId);
    }

    private void closeConnection(int requestId) {
        release(false);
        ok(requestId);
        channel.flush();
        channel.close();
    }

    /** The channel closed (cleanly or not): give back everything this connection held. */
    public void channelClosed() {
        release(true);
    }

    private void release(boolean lost) {
        if (closed) {
            return;
        }
        closed = true;
        List<MessageQueue> touched = new ArrayList<>();
        for (ServerSession session : sessions.values()) {
            for (ServerConsumer consumer : List.copyOf(session.consumers())) {
                detach(consumer);
                touched.add(consumer.queue());
            }
            core.xa().sessionClosed(session);
            touched.addAll(lost ? session.returnAllAsRedelivered() : session.rollback(new long[0]));
        }
        sessions.clear();
        core.xa().connectionClosed(this);
        browsers.clear();
        if (clientId != null) {
            core.releaseClientId(clientId);
        }
        if (connectionId != null) {
            destinations.deleteTemporariesOf(connectionId);
            core.closed(this);
        }
        dispatchAll(touched);
    }

    // ------------------------------------------------------------------ helpers

    /** The open session with this id, or null. */
    ServerSession openSession(int sessionId) {
        return sessions.get(sessionId);
    }

    private ServerSession session(int sessionId) throws BrokerException {
        ServerSession session = sessions.get(sessionId);
        if (session == null) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "session " + sessionId + " is not open");
        }
        return session;
    }

    private static DestinationRef requireDestination(DestinationRef ref) throws BrokerException {
        if (ref == null || ref.name().isEmpty()) {
            throw new BrokerException(ErrorCode.INVALID_DESTINATION, "a destination is required");
        }
        return ref;
    }

    private static Selector compile(String selector) throws BrokerException {
        try {
            return Selector.compile(selector);
        } catch (InvalidSelectorException e) {
            throw new BrokerException(ErrorCode.INVALID_SELECTOR, e.getMessage());
        }
    }

    private static void dispatchAll(Collection<MessageQueue> queues) {
        for (MessageQueue queue : queues) {
            queue.dispatch();
        }
    }

    private void protocolError(String reason) {
        LOG.warn("closing connection from {}: {}", channel.remoteAddress(), reason);
        refuseAndClose(0, ErrorCode.PROTOCOL, reason);
    }

    private void refuseAndClose(int requestId, ErrorCode code, String message) {
        closed = true;
        channel.writeAndFlush(new Frames.Error(requestId, code, message)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public String toString() {
        return "connection " + connectionId + (clientId == null ? "" : " (" + clientId + ")");
    }
}
