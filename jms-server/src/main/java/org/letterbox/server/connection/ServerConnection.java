package org.letterbox.server.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.letterbox.jms.message.MessageValidator;
import org.letterbox.protocol.DestinationRef;
import org.letterbox.protocol.ErrorCode;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.FrameDecoder;
import org.letterbox.protocol.FrameType;
import org.letterbox.protocol.Frames;
import org.letterbox.selector.Selector;
import org.letterbox.server.destination.BrokerException;
import org.letterbox.server.destination.BrokerMessage;
import org.letterbox.server.destination.BrowseSnapshot;
import org.letterbox.server.destination.Destinations;
import org.letterbox.server.destination.MessageQueue;
import org.letterbox.server.destination.MessageTarget;
import org.letterbox.server.destination.Subscription;
import org.letterbox.server.destination.TopicDestination;
import org.letterbox.server.util.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker side of one client connection: turns each request frame into broker operations and answers
 * it. Runs on the broker's event loop only. A request the broker refuses is answered with an Error frame
 * (the connection lives on); a frame that breaks the protocol closes only this connection.
 *
 * <p>Bounded whatever the client does: nothing is pushed to it while its channel is not writable (the client is
 * not reading), and then nothing more is read from it either, so replies cannot pile up; frames already read wait,
 * in order, until it drains. It is closed if it does not complete its HELLO within the handshake timeout, or when
 * nothing is heard from it for the connection TTL (see {@link #checkLiveness}); an idle connection gets heartbeats.
 */
public final class ServerConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);
    private static final ThrottledLog BAD_INPUT = new ThrottledLog(LOG, 20);
    static final String BROKER_VERSION = "0.1.0";
    /** Reasons to stop reading the channel (a bit set): its output is not drained, or it ignores flow control. */
    static final int READ_PAUSED_UNWRITABLE = 1;
    static final int READ_PAUSED_FOR_FLOW_CONTROL = 2;
    /** What a browse batch holds at most (at least one message): it sits in the channel until the client reads it. */
    static final int BROWSE_BATCH_BYTES = 256 * 1024;
    /** The shortest heartbeat interval a client may ask for. */
    static final long MIN_HEARTBEAT_MILLIS = 100;

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
    private final SendFlowControl flow;
    private final ArrayDeque<Frame> deferred = new ArrayDeque<>(); // read while the channel was not writable
    private int readPaused;        // READ_PAUSED_* bits
    private final ConnectionLiveness liveness;
    private long creditOwed;       // bytes of sends read and not yet credited back to the client

    public ServerConnection(BrokerCore core, Channel channel) {
        this.core = core;
        this.channel = channel;
        this.destinations = core.destinations();
        this.xa = new XaRequests(this, core.xa());
        this.flow = new SendFlowControl(this, core.budget(), core.config().sendWindowBytes());
        this.liveness = new ConnectionLiveness(core.config().handshakeTimeoutMillis(),
                core.config().connectionTtlMillis(), core.now());
        core.accepted(this);
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
        liveness.wrote(core.now());
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

    /**
     * A frame arrived. Handled now, or, while the client does not read what was already written to it (the channel
     * is not writable), kept in order until it does: the broker then stops reading the channel, so what waits is
     * bounded by what one read brought in.
     */
    public void received(Frame frame) {
        if (closed) {
            return;
        }
        liveness.heard(core.now());
        if (frame instanceof Frames.Heartbeat) {
            return;
        }
        if (!deferred.isEmpty() || !channel.isWritable()) {
            deferred.add(frame);
            pauseReading(READ_PAUSED_UNWRITABLE);
            return;
        }
        handle(frame);
    }

    /** The channel's writability changed: a drained channel gets its waiting frames handled and deliveries again. */
    public void writabilityChanged() {
        if (closed) {
            return;
        }
        if (!channel.isWritable()) {
            pauseReading(READ_PAUSED_UNWRITABLE);
            return;
        }
        while (!deferred.isEmpty() && channel.isWritable() && !closed) {
            handle(deferred.poll());
        }
        flushCredit();
        if (deferred.isEmpty() && channel.isWritable()) {
            resumeReading(READ_PAUSED_UNWRITABLE);
            for (ServerConsumer consumer : List.copyOf(consumers.values())) {
                consumer.queue().dispatch();
            }
        }
    }

    /** Whether deliveries may be written now: started, open, and the client reads what it is sent. */
    boolean canDeliver() {
        return started && !closed && channel.isWritable();
    }

    void pauseReading(int reason) {
        boolean wasReading = readPaused == 0;
        readPaused |= reason;
        if (wasReading) {
            channel.config().setAutoRead(false);
        }
    }

    void resumeReading(int reason) {
        if (readPaused == 0) {
            return;
        }
        readPaused &= ~reason;
        if (readPaused == 0 && !closed) {
            channel.config().setAutoRead(true);
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Bytes written to this connection that its socket has not taken yet. */
    long pendingOutputBytes() {
        io.netty.channel.ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /**
     * Called by the broker's liveness sweep: closes a connection that did not complete its HELLO in time, or that
     * the broker has heard nothing from for its TTL; sends a heartbeat when nothing else was written for the
     * interval the client asked for.
     */
    void checkLiveness(long now) {
        if (closed) {
            return;
        }
        switch (liveness.check(now, connectionId != null, (readPaused & READ_PAUSED_FOR_FLOW_CONTROL) != 0)) {
            case NO_HELLO_IN_TIME -> closeBecause("no HELLO within the handshake timeout of "
                    + liveness.handshakeTimeoutMillis() + " ms");
            case SILENT_PAST_TTL -> closeBecause(channel.isWritable()
                    ? "nothing heard from the client for " + liveness.silentFor(now) + " ms (connection TTL "
                    + liveness.ttlMillis() + " ms)"
                    : "the client stopped reading: " + pendingOutputBytes()
                    + " bytes waited unread for over the connection TTL of " + liveness.ttlMillis() + " ms");
            case HEARTBEAT_DUE -> write(Frames.Heartbeat.INSTANCE);
            case ALIVE -> {
            }
        }
    }

    private void closeBecause(String reason) {
        BAD_INPUT.warn("liveness", "closing connection " + describe() + ": " + reason);
        release(true);
        channel.close();
    }

    private String describe() {
        return (connectionId == null ? "" : connectionId + " ") + "from " + channel.remoteAddress();
    }

    /** Handles one frame; never throws: a refusal is answered, a broken frame closes this connection. */
    private void handle(Frame frame) {
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
            BAD_INPUT.warn("failed-" + frame.type() + "-" + e.getClass().getName(), "connection " + connectionId
                    + ": failed to handle frame type " + frame.type(), e);
            error(frame.requestId(), ErrorCode.GENERIC, "broker failed to handle the request: " + e);
        } finally {
            if (frame instanceof Frames.Send send && send.message() != null) {
                credit(send.message().length); // read off the wire, whatever became of it
            }
        }
    }

    /** The client's send window: give back what was read, in batches of a quarter window or at the end of a read. */
    private void credit(int bytes) {
        creditOwed += bytes;
        if (creditOwed >= core.config().sendWindowBytes() / 4) {
            flushCredit();
        }
    }

    private void flushCredit() {
        if (creditOwed > 0 && !closed) {
            write(new Frames.SendCredit(0, (int) Math.min(Integer.MAX_VALUE, creditOwed)));
            creditOwed = 0;
        }
    }

    /** The channel finished a read: frames handled since get their send credit back now. */
    public void readComplete() {
        flushCredit();
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
            case FrameType.HELLO -> protocolError("a second HELLO on a connection");
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
            BAD_INPUT.warn("auth", "refused connection from " + channel.remoteAddress() + ": bad credentials for user "
                    + hello.user());
            refuseAndClose(hello.requestId(), ErrorCode.SECURITY, "authentication failed for user " + hello.user());
            return;
        }
        connectionId = core.newConnectionId();
        core.opened(this);
        liveness.heartbeat(hello.heartbeatMillis() <= 0 ? 0 : Math.max(MIN_HEARTBEAT_MILLIS, hello.heartbeatMillis()));
        FrameDecoder decoder = channel.pipeline().get(FrameDecoder.class);
        if (decoder != null) {
            decoder.maxFrameSize(core.maxFrameSize()); // authenticated: whole messages may come now
        }
        write(new Frames.HelloOk(hello.requestId(), connectionId, BROKER_VERSION, core.maxFrameSize(), core.nodeId(),
                (int) Math.min(Integer.MAX_VALUE, core.config().connectionTtlMillis()), core.config().sendWindowBytes()));
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
        if (sessions.size() >= core.config().maxSessionsPerConnection() && !sessions.containsKey(frame.sessionId())) {
            throw new BrokerException(ErrorCode.RESOURCE_ALLOCATION, "a connection may have at most "
                    + core.config().maxSessionsPerConnection() + " sessions open");
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
        if (consumers.size() >= core.config().maxConsumersPerConnection()) {
            throw new BrokerException(ErrorCode.RESOURCE_ALLOCATION, "a connection may have at most "
                    + core.config().maxConsumersPerConnection() + " consumers open");
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

    /**
     * Accepts a send: checked whole (a malformed message is refused here, never stored or forwarded), held by a
     * transaction or routed, and answered (a persistent one once durable). When it filled its destination, the
     * client is told to hold back further sends ({@link SendFlowControl}); its own reply is not held back.
     */
    private void send(Frames.Send frame) throws BrokerException {
        ServerSession session = session(frame.sessionId());
        DestinationRef ref = requireDestination(frame.destination());
        MessageTarget target = destinations.target(ref);
        BrokerMessage message = parse(frame.message());
        core.checkFits(target, message);
        if (session.holdsSends()) {
            session.hold(target, message, core.budget());
            ok(frame.requestId());
            return;
        }
        core.takeFullTarget();
        boolean journaled = core.route(target, message, 0);
        int requestId = frame.requestId();
        if (journaled && requestId != 0) {
            okWhenDurable(requestId); // a confirmed persistent send is durable
        } else {
            ok(requestId);
        }
        flow.accepted(ref, target, core.takeFullTarget(), !core.lastRouteUnpageable(), message.bytes().length);
    }

    private BrokerMessage parse(byte[] bytes) throws BrokerException {
        try {
            MessageValidator.check(bytes);
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
        boolean[] unpageable = new boolean[1];
        core.commitJournaled(txId, () -> unpageable[0] = session.commit(frame.consumedTags(), core, txId));
        okWhenDurable(frame.requestId());
        flow.committed(core.takeFullTarget(), unpageable[0]);
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
        if (browsers.size() >= core.config().maxBrowsersPerConnection() && !browsers.containsKey(frame.browserId())) {
            throw new BrokerException(ErrorCode.RESOURCE_ALLOCATION, "a connection may have at most "
                    + core.config().maxBrowsersPerConnection() + " browsers open");
        }
        Selector selector = compile(frame.selector());
        BrowseSnapshot snapshot = destinations.queue(ref).browse(selector);
        if (!core.budget().hasRoomFor(snapshot.bytes())) {
            throw new BrokerException(ErrorCode.RESOURCE_ALLOCATION, "the broker's memory budget has no room for a "
                    + "browser of " + snapshot.remaining() + " messages now");
        }
        dropBrowser(frame.browserId());
        browsers.put(frame.browserId(), new BrowseCursor(snapshot, core.budget()));
        ok(frame.requestId());
    }

    private void browseNext(Frames.BrowseNext frame) throws BrokerException {
        BrowseCursor cursor = browsers.get(frame.browserId());
        if (cursor == null) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "browser " + frame.browserId() + " is not open");
        }
        List<byte[]> batch = cursor.next(Math.max(1, frame.maxMessages()),
                Math.min(BROWSE_BATCH_BYTES, core.maxFrameSize() / 2));
        boolean last = cursor.exhausted();
        if (last) {
            dropBrowser(frame.browserId()); // the client asks no more: its snapshot need not be held
        }
        write(new Frames.BrowseBatch(frame.requestId(), batch, last));
    }

    private void browseClose(Frames.BrowseClose frame) {
        dropBrowser(frame.browserId());
        ok(frame.requestId());
    }

    private void dropBrowser(long browserId) {
        BrowseCursor cursor = browsers.remove(browserId);
        if (cursor != null) {
            cursor.release();
        }
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
        deferred.clear();
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
        browsers.values().forEach(BrowseCursor::release);
        browsers.clear();
        if (clientId != null) {
            core.releaseClientId(clientId);
        }
        if (connectionId != null) {
            destinations.deleteTemporariesOf(connectionId);
        }
        core.closed(this);
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
        BAD_INPUT.warn("protocol", "closing connection from " + channel.remoteAddress() + ": " + reason);
        refuseAndClose(0, ErrorCode.PROTOCOL, reason);
    }

    private void refuseAndClose(int requestId, ErrorCode code, String message) {
        release(false);
        channel.writeAndFlush(new Frames.Error(requestId, code, message)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public String toString() {
        return "connection " + connectionId + (clientId == null ? "" : " (" + clientId + ")");
    }
}
