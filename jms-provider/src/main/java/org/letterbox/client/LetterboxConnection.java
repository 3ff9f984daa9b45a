package org.letterbox.client;

import io.netty.channel.Channel;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import org.letterbox.client.transport.TransportFactory;
import org.letterbox.client.transport.Transports;
import org.letterbox.jms.LetterboxDestination;
import org.letterbox.jms.LetterboxTemporaryQueue;
import org.letterbox.jms.LetterboxTemporaryTopic;
import org.letterbox.jms.TemporaryDestinationOwner;
import org.letterbox.protocol.DestinationRef;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.Frames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A JMS connection: one {@link ClientChannel} to the broker shared by all its sessions.
 * Obtain one with {@link #open(ConnectionConfig, String, String)}.
 */
public class LetterboxConnection implements jakarta.jms.Connection, QueueConnection, TopicConnection,
        TemporaryDestinationOwner, ClientChannel.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(LetterboxConnection.class);

    private final ConnectionConfig config;
    private final ConnectionDomain domain;
    private final ClientChannel channel;
    private final String remote;

    private String connectionId;
    private String brokerVersion;
    private String brokerNodeId;
    private int maxFrameSize;

    private final Object stateLock = new Object();
    private volatile String clientId;
    private volatile boolean clientIdAdministrative;
    /** Set by the first action that fixes the client ID (creating a session, start, stop, ...). */
    private volatile boolean used;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile ExceptionListener exceptionListener;

    private final Set<LetterboxSession> sessions = ConcurrentHashMap.newKeySet();
    private final Map<Long, LetterboxMessageConsumer> consumers = new ConcurrentHashMap<>();
    /** Names of the live temporary destinations this connection created. */
    private final Set<String> temporaryNames = ConcurrentHashMap.newKeySet();

    private final AtomicInteger sessionIds = new AtomicInteger();
    private final AtomicLong consumerIds = new AtomicLong();
    private final AtomicLong messageIds = new AtomicLong();
    private final AtomicInteger temporaryIds = new AtomicInteger();
    private String messageIdPrefix;

    private final FlowGate flowGate;
    private final SendWindow sendWindow = new SendWindow();

    protected LetterboxConnection(ConnectionConfig config, ConnectionDomain domain) {
        this.config = config;
        this.domain = domain;
        this.channel = new ClientChannel(this, config.requestTimeoutMillis(), config.heartbeatMillis(),
                config.connectionTtlMillis());
        this.remote = describe(config);
        this.flowGate = new FlowGate(remote);
        channel.remote(remote);
    }

    /**
     * Connects, says Hello, and claims the configured client ID if any.
     *
     * @throws jakarta.jms.JMSSecurityException when the broker refuses the credentials
     * @throws InvalidClientIDException          when the configured client ID is in use
     * @throws JMSException                      when the broker cannot be reached (the cause is linked)
     */
    public static LetterboxConnection open(ConnectionConfig config, String user, String password) throws JMSException {
        return open(config, ConnectionDomain.UNIFIED, user, password);
    }

    /** As {@link #open(ConnectionConfig, String, String)}, for the factory method {@code domain} names. */
    public static LetterboxConnection open(ConnectionConfig config, ConnectionDomain domain, String user,
                                           String password) throws JMSException {
        return open(new LetterboxConnection(config, domain), user, password);
    }

    /** Connects a freshly constructed connection (of this class or a subclass) and returns it. */
    static <C extends LetterboxConnection> C open(C connection, String user, String password) throws JMSException {
        connection.connect(user, password);
        return connection;
    }

    private static String describe(ConnectionConfig config) {
        if (config.failover() != null) {
            return config.failover().toString();
        }
        return "tcp".equals(config.scheme()) ? config.host() + ":" + config.port()
                : config.scheme() + "://" + config.host();
    }

    final void connect(String user, String password) throws JMSException {
        TransportFactory transport = Transports.forScheme(config.scheme());
        Channel ch = config.failover() == null ? connectOnce(transport) : connectToAny(transport, config.failover());
        if (ch == null) {
            throw new JMSException("cannot connect to " + remote + ": the transport returned no channel");
        }
        try {
            long timeout = config.connectTimeoutMillis() > 0 ? config.connectTimeoutMillis()
                    : ConnectionConfig.DEFAULT_CONNECT_TIMEOUT_MILLIS;
            int heartbeat = (int) Math.min(Integer.MAX_VALUE, config.heartbeatMillis());
            CompletableFuture<Frame> hello = channel.request(
                    id -> new Frames.Hello(id, Frames.MAGIC, Frames.VERSION, user, password, heartbeat));
            Frame reply = ClientChannel.await(hello, timeout);
            if (reply == null) {
                throw new JMSException("no answer from " + remote + " to the handshake within " + timeout + " ms");
            }
            if (!(reply instanceof Frames.HelloOk ok)) {
                throw new JMSException("protocol error: " + remote + " answered the handshake with " + reply);
            }
            connectionId = ok.connectionId();
            brokerVersion = ok.brokerVersion();
            brokerNodeId = ok.nodeId();
            maxFrameSize = ok.maxFrameSize();
            channel.brokerTtl(ok.connectionTtlMillis());
            sendWindow.granted(ok.sendWindowBytes());
            messageIdPrefix = "ID:" + connectionId + ":";
            if (config.clientId() != null) {
                claimClientId(config.clientId());
                clientIdAdministrative = true;
            }
        } catch (JMSException e) {
            channel.close();
            if (!(e instanceof jakarta.jms.JMSSecurityException) && !(e instanceof InvalidClientIDException)
                    && (e.getMessage() == null || !e.getMessage().contains(remote))) {
                JMSException withHost = Errors.wrap("connection to " + remote + " failed: " + e.getMessage(), e);
                throw withHost;
            }
            throw e;
        } catch (RuntimeException e) {
            channel.close();
            throw Errors.wrap("connection to " + remote + " failed: " + e, e);
        }
    }

    private Channel connectOnce(TransportFactory transport) throws JMSException {
        try {
            return transport.connect(config, channel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.wrap("interrupted while connecting to " + remote, e);
        } catch (Exception e) {
            throw Errors.wrap("cannot connect to " + remote + ": " + e.getMessage(), e);
        }
    }

    /**
     * Tries the failover addresses in turn, round after round with a growing wait, until one accepts the connection
     * (in a cluster only the leader listens) or the failover timeout has passed.
     */
    private Channel connectToAny(TransportFactory transport, Failover failover) throws JMSException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(failover.timeoutMillis());
        Exception last = null;
        for (int round = 0; ; round++) {
            long delay = failover.delayBefore(round);
            if (round > 0 && System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(delay) - deadline > 0) {
                break;
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Errors.wrap("interrupted while connecting to " + remote, e);
            }
            for (Failover.Address address : failover.addresses()) {
                try {
                    Channel ch = transport.connect(config.at(address), channel);
                    channel.remote(address.toString());
                    return ch;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Errors.wrap("interrupted while connecting to " + address, e);
                } catch (Exception e) {
                    last = e;
                }
            }
        }
        throw Errors.wrap("cannot connect to any of " + remote + " within " + failover.timeoutMillis() + " ms (last: "
                + (last == null ? "none tried" : last.getMessage()) + ")", last);
    }

    private void claimClientId(String id) throws JMSException {
        if (id == null || id.isEmpty()) {
            throw new InvalidClientIDException("client ID must not be null or empty");
        }
        ClientChannel.await(channel.request(rid -> new Frames.SetClientId(rid, id)));
        clientId = id;
    }

    // ------------------------------------------------------------------ package-private plumbing

    ConnectionConfig config() {
        return config;
    }

    ClientChannel channel() {
        return channel;
    }

    /** The broker-unique connection ID from the handshake. */
    public String connectionId() {
        return connectionId;
    }

    /** The broker's version string from the handshake. */
    public String brokerVersion() {
        return brokerVersion;
    }

    /** The broker's node id from the handshake: the identity of its store, the same after a restart (XA isSameRM). */
    public String brokerNodeId() {
        return brokerNodeId;
    }

    /** The largest frame the broker accepts (from the handshake); 0 = unknown. */
    int maxFrameSize() {
        return maxFrameSize;
    }

    boolean isStarted() {
        return started;
    }

    /**
     * Before a send of {@code bytes} of message to {@code destination}: waits while the broker holds back sends to it
     * ({@link FlowGate}), then for room in the send window ({@link SendWindow}).
     */
    void awaitSendAllowed(DestinationRef destination, int bytes) throws JMSException {
        FlowGate.Failure failure = failureCheck();
        while (true) {
            flowGate.awaitOpen(destination, failure);
            sendWindow.acquire(bytes, failure);
            if (!flowGate.isBlocked(destination)) {
                return;
            }
            sendWindow.credited(bytes); // a notice came while it waited for the window: wait for the gate again
        }
    }

    /** Waits for room in the send window only (a send the broker holds until its transaction commits). */
    void awaitSendWindow(int bytes) throws JMSException {
        sendWindow.acquire(bytes, failureCheck());
    }

    /** Waits while the broker holds back sends to {@code destination} (before a commit that sends to it). */
    void awaitFlowControl(DestinationRef destination) throws JMSException {
        flowGate.awaitOpen(destination, failureCheck());
    }

    private FlowGate.Failure failureCheck() {
        return () -> {
            JMSException failed = channel.failure();
            return failed != null ? failed : closed ? new IllegalStateException("connection is closed") : null;
        };
    }

    boolean isClosed() {
        return closed;
    }

    String nextMessageId() {
        return messageIdPrefix + messageIds.incrementAndGet();
    }

    long nextConsumerId() {
        return consumerIds.incrementAndGet();
    }

    void register(LetterboxMessageConsumer consumer) {
        consumers.put(consumer.consumerId(), consumer);
    }

    void unregister(LetterboxMessageConsumer consumer) {
        consumers.remove(consumer.consumerId(), consumer);
    }

    void removeSession(LetterboxSession session) {
        sessions.remove(session);
    }

    void checkClosed() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("connection is closed");
        }
    }

    /** Marks the connection as used: from now on setClientID is an IllegalStateException. */
    private void markUsed() {
        used = true;
    }

    // ------------------------------------------------------------------ ClientChannel.Listener (I/O thread)

    @Override
    public void onDeliver(Frames.Deliver deliver) {
        LetterboxMessageConsumer consumer = consumers.get(deliver.consumerId());
        if (consumer != null) {
            consumer.onDeliver(deliver);
        }
        // else: a consumer closed meanwhile; the broker takes back what it sent after CloseConsumer
    }

    @Override
    public void onFlowControl(DestinationRef destination, boolean blocked) {
        LOG.debug("{}: sends to {} {}", remote, destination == null ? "every destination" : destination,
                blocked ? "held back (flow control)" : "may go on");
        flowGate.update(destination, blocked);
    }

    @Override
    public void onSendCredit(int bytes) {
        sendWindow.credited(bytes);
    }

    @Override
    public void onFailure(JMSException failure) {
        LOG.debug("connection {} to {} failed", connectionId, remote, failure);
        flowGate.wakeUp();
        sendWindow.wakeUp();
        for (LetterboxSession session : sessions) {
            session.connectionFailed();
        }
        ExceptionListener listener = exceptionListener;
        if (listener != null && !closed) {
            Thread t = new Thread(() -> {
                try {
                    listener.onException(Errors.copy(failure));
                } catch (RuntimeException e) {
                    LOG.warn("ExceptionListener failed", e);
                }
            }, "letterbox-exception-listener-" + connectionId);
            t.setDaemon(true);
            t.start();
        }
    }

    // ------------------------------------------------------------------ Connection

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(modeOf(transacted, acknowledgeMode), SessionDomain.UNIFIED);
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        if (sessionMode != Session.SESSION_TRANSACTED && sessionMode != Session.AUTO_ACKNOWLEDGE
                && sessionMode != Session.CLIENT_ACKNOWLEDGE && sessionMode != Session.DUPS_OK_ACKNOWLEDGE) {
            throw new JMSException("invalid session mode " + sessionMode);
        }
        return newSession(sessionMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return newSession(Session.AUTO_ACKNOWLEDGE);
    }

    /** A point-to-point session: the publish/subscribe methods it inherits from Session throw IllegalStateException. */
    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(modeOf(transacted, acknowledgeMode), SessionDomain.QUEUE);
    }

    /** A publish/subscribe session: the point-to-point methods it inherits from Session throw IllegalStateException. */
    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(modeOf(transacted, acknowledgeMode), SessionDomain.TOPIC);
    }

    /** The session mode for the JMS 1.1 (transacted, acknowledgeMode) pair. */
    private static int modeOf(boolean transacted, int acknowledgeMode) throws JMSException {
        if (transacted) {
            return Session.SESSION_TRANSACTED;
        }
        if (acknowledgeMode != Session.AUTO_ACKNOWLEDGE && acknowledgeMode != Session.CLIENT_ACKNOWLEDGE
                && acknowledgeMode != Session.DUPS_OK_ACKNOWLEDGE) {
            throw new JMSException("invalid acknowledge mode " + acknowledgeMode + " for a non-transacted session");
        }
        return acknowledgeMode;
    }

    /** Creates a session serving both domains in the given mode (a {@link Session} constant). */
    public LetterboxSession newSession(int mode) throws JMSException {
        return newSession(mode, SessionDomain.UNIFIED);
    }

    private LetterboxSession newSession(int mode, SessionDomain domain) throws JMSException {
        return newSession(mode, id -> new LetterboxSession(this, id, mode, domain));
    }

    /** Opens a session at the broker with the wire ack mode {@code brokerMode}, then builds it locally. */
    <S extends LetterboxSession> S newSession(int brokerMode, IntFunction<S> factory) throws JMSException {
        checkClosed();
        markUsed();
        int sessionId = sessionIds.incrementAndGet();
        ClientChannel.await(channel.request(rid -> new Frames.CreateSession(rid, sessionId, brokerMode)));
        S session = factory.apply(sessionId);
        sessions.add(session);
        if (closed) {
            // close() ran meanwhile and did not see this session
            session.close();
            throw new IllegalStateException("connection is closed");
        }
        return session;
    }

    @Override
    public String getClientID() throws JMSException {
        checkClosed();
        return clientId;
    }

    @Override
    public void setClientID(String id) throws JMSException {
        synchronized (stateLock) {
            checkClosed();
            if (clientIdAdministrative) {
                throw new IllegalStateException("the client ID was configured administratively as '" + clientId + "'");
            }
            if (clientId != null) {
                throw new IllegalStateException("the client ID is already set to '" + clientId + "'");
            }
            if (used) {
                throw new IllegalStateException("the client ID must be set before the connection is used");
            }
            claimClientId(id);
            used = true;
        }
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        checkClosed();
        return LetterboxMetaData.INSTANCE;
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        checkClosed();
        return exceptionListener;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        checkClosed();
        this.exceptionListener = listener;
    }

    @Override
    public void start() throws JMSException {
        synchronized (stateLock) {
            checkClosed();
            markUsed();
            JMSException failed = channel.failure();
            if (failed != null) {
                throw Errors.copy(failed);
            }
            if (started) {
                return;
            }
            ClientChannel.await(channel.request(Frames.Start::new));
            started = true;
        }
        for (LetterboxSession session : sessions) {
            session.connectionStarted();
        }
    }

    @Override
    public void stop() throws JMSException {
        checkClosed();
        // a CompletionListener may stop the connection: it waits for no delivery, so nothing can deadlock
        checkNotInOwnMessageListener("stop");
        synchronized (stateLock) {
            checkClosed();
            markUsed();
            if (!started) {
                return;
            }
            // locally first: from now on no receive hands out a message and no listener is called
            started = false;
            ClientChannel.await(channel.request(Frames.Stop::new));
        }
        // stop returns only once no listener runs and no receive is handing out a message
        for (LetterboxSession session : sessions) {
            session.awaitDeliveryPaused();
        }
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        checkNotInOwnMessageListener("close");
        checkNotInOwnCompletionListener("close");
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            closed = true;
            started = false;
        }
        JMSException firstError = null;
        List<CompletableFuture<Frame>> closing = new ArrayList<>();
        for (LetterboxSession session : new ArrayList<>(sessions)) {
            try {
                CompletableFuture<Frame> f = session.shutdown();
                if (f != null) {
                    closing.add(f);
                }
            } catch (JMSException e) {
                if (firstError == null) {
                    firstError = e;
                }
            }
        }
        sessions.clear();
        if (channel.failure() == null) {
            try {
                for (CompletableFuture<Frame> f : closing) {
                    ClientChannel.awaitUninterruptibly(f);
                }
                channel.closing();
                ClientChannel.awaitUninterruptibly(channel.request(Frames.CloseConnection::new));
            } catch (JMSException e) {
                LOG.debug("clean close of {} failed", remote, e);
            }
        }
        channel.close();
        flowGate.wakeUp();
        sendWindow.wakeUp();
        consumers.clear();
        temporaryNames.clear();
        if (firstError != null) {
            LOG.debug("closing a session failed", firstError);
        }
    }

    /** IllegalStateException when called from a MessageListener of this connection (it would wait for itself). */
    private void checkNotInOwnMessageListener(String what) throws IllegalStateException {
        LetterboxSession delivering = LetterboxSession.currentDeliverySession();
        if (delivering != null && delivering.connection() == this) {
            throw new IllegalStateException("a MessageListener must not call " + what + " on its own connection");
        }
    }

    /** IllegalStateException when called from a CompletionListener of this connection (Connection.close javadoc). */
    private void checkNotInOwnCompletionListener(String what) throws IllegalStateException {
        LetterboxSession completing = LetterboxSession.currentCompletionSession();
        if (completing != null && completing.connection() == this) {
            throw new IllegalStateException("a CompletionListener must not call " + what + " on its own connection");
        }
    }

    // ------------------------------------------------------------------ connection consumers (optional, not supported)
    // The publish/subscribe ones are refused with IllegalStateException on a QueueConnection first.

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw connectionConsumersUnsupported();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw connectionConsumersUnsupported();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw connectionConsumersUnsupported();
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName,
                                                             String messageSelector, ServerSessionPool sessionPool,
                                                             int maxMessages) throws JMSException {
        throw topicConnectionConsumersUnsupported("createSharedConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                              String messageSelector, ServerSessionPool sessionPool,
                                                              int maxMessages) throws JMSException {
        throw topicConnectionConsumersUnsupported("createDurableConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                                    String messageSelector,
                                                                    ServerSessionPool sessionPool,
                                                                    int maxMessages) throws JMSException {
        throw topicConnectionConsumersUnsupported("createSharedDurableConnectionConsumer");
    }

    private JMSException topicConnectionConsumersUnsupported(String method) throws JMSException {
        checkClosed();
        domain.checkTopicMethod(method);
        return connectionConsumersUnsupported();
    }

    private JMSException connectionConsumersUnsupported() throws JMSException {
        checkClosed();
        markUsed();
        return new JMSException("connection consumers (ServerSessionPool, an optional application-server facility)"
                + " are not supported by Letterbox; use the Letterbox resource adapter for MDBs");
    }

    // ------------------------------------------------------------------ temporary destinations

    LetterboxTemporaryQueue createTemporaryQueue() throws JMSException {
        checkClosed();
        String name = connectionId + ".tq." + temporaryIds.incrementAndGet();
        DestinationRef ref = new DestinationRef(DestinationRef.Kind.TEMP_QUEUE, name);
        ClientChannel.await(channel.request(rid -> new Frames.CreateTempDestination(rid, ref)));
        temporaryNames.add(name);
        return new LetterboxTemporaryQueue(name, this);
    }

    LetterboxTemporaryTopic createTemporaryTopic() throws JMSException {
        checkClosed();
        String name = connectionId + ".tt." + temporaryIds.incrementAndGet();
        DestinationRef ref = new DestinationRef(DestinationRef.Kind.TEMP_TOPIC, name);
        ClientChannel.await(channel.request(rid -> new Frames.CreateTempDestination(rid, ref)));
        temporaryNames.add(name);
        return new LetterboxTemporaryTopic(name, this);
    }

    @Override
    public void deleteTemporaryDestination(LetterboxDestination destination) throws JMSException {
        checkClosed();
        if (!destination.isTemporary()) {
            throw new InvalidDestinationException(destination + " is not a temporary destination");
        }
        String name = destination.getPhysicalName();
        if (!temporaryNames.contains(name)) {
            if (isOwnTemporaryName(name)) {
                throw new InvalidDestinationException(destination + " was already deleted");
            }
            throw new IllegalStateException("only the connection that created " + destination + " can delete it");
        }
        for (LetterboxMessageConsumer consumer : consumers.values()) {
            if (consumer.destination().equals(destination) && !consumer.isClosed()) {
                throw new IllegalStateException("cannot delete " + destination + ": it still has consumers");
            }
        }
        ClientChannel.await(channel.request(rid -> new Frames.DeleteTempDestination(rid, destination.toRef())));
        temporaryNames.remove(name);
    }

    private boolean isOwnTemporaryName(String name) {
        return connectionId != null && (name.startsWith(connectionId + ".tq.") || name.startsWith(connectionId + ".tt."));
    }

    /**
     * For a consumer: a temporary destination must be one of this connection's live ones.
     *
     * @throws InvalidDestinationException if created by another connection, or deleted
     */
    void checkTemporaryForConsumer(LetterboxDestination destination) throws JMSException {
        if (!destination.isTemporary()) {
            return;
        }
        String name = destination.getPhysicalName();
        if (temporaryNames.contains(name)) {
            return;
        }
        if (isOwnTemporaryName(name)) {
            throw new InvalidDestinationException(destination + " has been deleted");
        }
        throw new InvalidDestinationException("cannot consume from " + destination
                + ": a temporary destination accepts consumers only from the connection that created it");
    }

    /** For a producer: one of this connection's own temporary destinations must not have been deleted. */
    void checkTemporaryForSend(LetterboxDestination destination) throws JMSException {
        if (destination.isTemporary() && isOwnTemporaryName(destination.getPhysicalName())
                && !temporaryNames.contains(destination.getPhysicalName())) {
            throw new InvalidDestinationException(destination + " has been deleted");
        }
    }

    @Override
    public String toString() {
        return "LetterboxConnection[" + connectionId + " to " + remote + "]";
    }
}
