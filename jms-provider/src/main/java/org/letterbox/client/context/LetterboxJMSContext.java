package org.letterbox.client.context;

import java.io.Serializable;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

/**
 * The JMS 2.0 simplified API's {@link JMSContext}, built only on the classic interfaces ({@link Connection},
 * {@link Session}, {@link MessageProducer}, {@link MessageConsumer}), so it works over any correct classic
 * implementation.
 *
 * <h2>Connection and session</h2>
 * <ul>
 * <li>A context created by {@link #create(Callable, int)} owns a new connection; {@link #createContext(int)} makes a
 * sibling context on the same connection. The connection is reference-counted and closed by the last context to
 * close.</li>
 * <li>The classic session is created lazily, on the first call that needs it (creating a consumer, browser, message,
 * destination, sending, commit/rollback/recover, unsubscribe). This lets {@link #setClientID(String)} reach the
 * classic connection before any session exists, as JMS requires.</li>
 * <li>setClientID is refused with {@link IllegalStateRuntimeException} once any context of the connection has been
 * used: producer/consumer/browser/destination/message creation, start/stop, commit/rollback/recover/acknowledge,
 * unsubscribe or an earlier setClientID. Reading settings (getClientID, getMetaData, get/setExceptionListener,
 * get/setAutoStart, getSessionMode, getTransacted) and createContext do not count as use.</li>
 * <li>The connection is started, if {@link #getAutoStart() autoStart} is on (the default), whenever a consumer is
 * created on this context.</li>
 * </ul>
 *
 * <h2>Acknowledgement</h2>
 * {@link #acknowledge()} acknowledges every message consumed by the session (CLIENT_ACKNOWLEDGE; no effect in the
 * other modes). If the classic session implements {@link SessionAcknowledgeSupport} it is used; otherwise the context
 * keeps a reference to the most recent message it handed to the application (from {@code receive*} or a
 * MessageListener of any of its consumers) and calls {@link Message#acknowledge()} on it, which per spec acknowledges
 * all messages consumed by the session. With no such message (nothing received since the last
 * acknowledge/recover/commit/rollback) it does nothing.
 *
 * <h2>Callbacks</h2>
 * From a MessageListener or CompletionListener of this context, {@link #close()} throws
 * IllegalStateRuntimeException; so do {@link #commit()}/{@link #rollback()} from its CompletionListeners, and
 * {@link #stop()} from a MessageListener of any context on the same connection. Closing the last context of a
 * connection from a callback of any context on that connection is refused too (it would close the connection from
 * its own callback).
 *
 * <h2>Threads</h2>
 * Like the session it wraps, a context is for one thread at a time, plus its callbacks. The send options of the
 * context's {@link JMSProducer}s are applied to one shared anonymous classic producer under a lock, so concurrent
 * sends from a CompletionListener cannot mix options.
 *
 * <p>Every method except {@link #close()} throws {@link IllegalStateRuntimeException} once the context is closed;
 * close is idempotent.
 */
public class LetterboxJMSContext implements JMSContext {

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;

    private final SharedConnection shared;
    private final int sessionMode;
    private final Object lock = new Object();
    private final ReentrantLock sendLock = new ReentrantLock();

    private volatile int state = OPEN;
    private volatile Session session;
    private volatile MessageProducer producer;
    private volatile boolean autoStart = true;
    /** Most recent message handed to the application, kept for {@link #acknowledge()} (CLIENT mode only). */
    private final AtomicReference<Message> lastDelivered = new AtomicReference<>();

    LetterboxJMSContext(SharedConnection shared, int sessionMode) {
        this.shared = shared;
        this.sessionMode = sessionMode;
    }

    /**
     * Opens a connection with {@code connectionOpener} and returns a context owning it. This is what the
     * ConnectionFactory's {@code createContext(...)} methods call.
     *
     * @param connectionOpener opens the classic connection (e.g. {@code () -> LetterboxConnection.open(cfg, u, p)});
     *                         its JMSException is mapped by {@link JmsExceptions#toRuntime(JMSException)}, so bad
     *                         credentials give JMSSecurityRuntimeException
     * @param sessionMode      SESSION_TRANSACTED, AUTO_ACKNOWLEDGE, CLIENT_ACKNOWLEDGE or DUPS_OK_ACKNOWLEDGE
     * @throws JMSRuntimeException if the session mode is invalid (checked before any connection is opened) or the
     *                             connection cannot be opened
     */
    public static LetterboxJMSContext create(Callable<? extends Connection> connectionOpener, int sessionMode) {
        Objects.requireNonNull(connectionOpener, "connectionOpener");
        checkSessionMode(sessionMode);
        return new LetterboxJMSContext(new SharedConnection(openConnection(connectionOpener)), sessionMode);
    }

    /** Runs a context's connection opener, turning its failure (or a null connection) into a JMSRuntimeException. */
    static <C extends Connection> C openConnection(Callable<? extends C> connectionOpener) {
        C connection;
        try {
            connection = connectionOpener.call();
        } catch (Exception e) {
            throw JmsExceptions.toRuntime(e);
        }
        if (connection == null) {
            throw new JMSRuntimeException("The connection opener returned no connection");
        }
        return connection;
    }

    static void checkSessionMode(int sessionMode) {
        switch (sessionMode) {
            case SESSION_TRANSACTED, AUTO_ACKNOWLEDGE, CLIENT_ACKNOWLEDGE, DUPS_OK_ACKNOWLEDGE -> {
            }
            default -> throw new JMSRuntimeException("Invalid session mode " + sessionMode
                    + " (expected SESSION_TRANSACTED=0, AUTO_ACKNOWLEDGE=1, CLIENT_ACKNOWLEDGE=2 or"
                    + " DUPS_OK_ACKNOWLEDGE=3)");
        }
    }

    // ------------------------------------------------------------------------------------------------ contexts

    @Override
    public JMSContext createContext(int sessionMode) {
        checkOpen();
        checkSessionMode(sessionMode);
        if (!shared.retain()) {
            throw new IllegalStateRuntimeException("The connection of this JMSContext is closed");
        }
        return new LetterboxJMSContext(shared, sessionMode);
    }

    // ------------------------------------------------------------------------------------------------ connection

    @Override
    public String getClientID() {
        checkOpen();
        return call(shared.connection::getClientID);
    }

    @Override
    public void setClientID(String clientID) {
        checkOpen();
        if (shared.clientIdFrozen()) {
            throw new IllegalStateRuntimeException("The client ID must be set right after the JMSContext is created,"
                    + " before any other use of it or of a context sharing its connection");
        }
        call(() -> {
            shared.connection.setClientID(clientID);
            return null;
        });
        shared.freezeClientId();
    }

    @Override
    public ConnectionMetaData getMetaData() {
        checkOpen();
        return call(shared.connection::getMetaData);
    }

    @Override
    public ExceptionListener getExceptionListener() {
        checkOpen();
        return call(shared.connection::getExceptionListener);
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        checkOpen();
        call(() -> {
            shared.connection.setExceptionListener(listener);
            return null;
        });
    }

    @Override
    public void start() {
        checkOpen();
        shared.freezeClientId();
        call(() -> {
            shared.connection.start();
            return null;
        });
    }

    @Override
    public void stop() {
        checkOpen();
        if (CallbackScope.inCallbackOn(shared, CallbackScope.Kind.MESSAGE_LISTENER)) {
            throw new IllegalStateRuntimeException(
                    "stop() cannot be called from a MessageListener of a JMSContext on the same connection");
        }
        shared.freezeClientId();
        call(() -> {
            shared.connection.stop();
            return null;
        });
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        checkOpen();
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        checkOpen();
        return autoStart;
    }

    @Override
    public void close() {
        Session toClose;
        synchronized (lock) {
            if (state != OPEN) {
                return;
            }
            if (CallbackScope.inCallbackOf(this, CallbackScope.Kind.MESSAGE_LISTENER)) {
                throw new IllegalStateRuntimeException(
                        "close() cannot be called from a MessageListener of its own JMSContext");
            }
            if (CallbackScope.inCallbackOf(this, CallbackScope.Kind.COMPLETION_LISTENER)) {
                throw new IllegalStateRuntimeException(
                        "close() cannot be called from a CompletionListener of its own JMSContext");
            }
            if (shared.references() == 1 && CallbackScope.inCallbackOn(shared, null)) {
                throw new IllegalStateRuntimeException("close() of the last JMSContext of a connection cannot be"
                        + " called from a MessageListener or CompletionListener of that connection");
            }
            state = CLOSING;
            toClose = session;
        }
        JMSRuntimeException failure = null;
        try {
            if (toClose != null) {
                toClose.close();
            }
        } catch (IllegalStateException e) {
            if (CallbackScope.inCallbackOn(shared, null)) {
                // the classic layer refused a close from one of its callbacks: the context stays usable
                state = OPEN;
                throw JmsExceptions.toRuntime(e);
            }
            failure = JmsExceptions.toRuntime(e);
        } catch (JMSException | RuntimeException e) {
            failure = JmsExceptions.toRuntime(e);
        }
        state = CLOSED;
        lastDelivered.set(null);
        if (shared.release()) {
            try {
                shared.connection.close();
            } catch (JMSException | RuntimeException e) {
                if (failure == null) {
                    failure = JmsExceptions.toRuntime(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ------------------------------------------------------------------------------------------------ messages

    @Override
    public BytesMessage createBytesMessage() {
        return withSession(Session::createBytesMessage);
    }

    @Override
    public MapMessage createMapMessage() {
        return withSession(Session::createMapMessage);
    }

    @Override
    public Message createMessage() {
        return withSession(Session::createMessage);
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return withSession(Session::createObjectMessage);
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        return withSession(s -> s.createObjectMessage(object));
    }

    @Override
    public StreamMessage createStreamMessage() {
        return withSession(Session::createStreamMessage);
    }

    @Override
    public TextMessage createTextMessage() {
        return withSession(Session::createTextMessage);
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return withSession(s -> s.createTextMessage(text));
    }

    // ------------------------------------------------------------------------------------------------ transactions

    @Override
    public boolean getTransacted() {
        checkOpen();
        return sessionMode == SESSION_TRANSACTED;
    }

    @Override
    public int getSessionMode() {
        checkOpen();
        return sessionMode;
    }

    @Override
    public void commit() {
        checkOpen();
        if (CallbackScope.inCallbackOf(this, CallbackScope.Kind.COMPLETION_LISTENER)) {
            throw new IllegalStateRuntimeException(
                    "commit() cannot be called from a CompletionListener of its own JMSContext");
        }
        if (sessionMode != SESSION_TRANSACTED) {
            throw new IllegalStateRuntimeException("commit() needs a transacted JMSContext");
        }
        withSession(s -> {
            s.commit();
            return null;
        });
        lastDelivered.set(null);
    }

    @Override
    public void rollback() {
        checkOpen();
        if (CallbackScope.inCallbackOf(this, CallbackScope.Kind.COMPLETION_LISTENER)) {
            throw new IllegalStateRuntimeException(
                    "rollback() cannot be called from a CompletionListener of its own JMSContext");
        }
        if (sessionMode != SESSION_TRANSACTED) {
            throw new IllegalStateRuntimeException("rollback() needs a transacted JMSContext");
        }
        withSession(s -> {
            s.rollback();
            return null;
        });
        lastDelivered.set(null);
    }

    @Override
    public void recover() {
        checkOpen();
        if (sessionMode == SESSION_TRANSACTED) {
            throw new IllegalStateRuntimeException("recover() cannot be called on a transacted JMSContext");
        }
        withSession(s -> {
            s.recover();
            return null;
        });
        lastDelivered.set(null);
    }

    @Override
    public void acknowledge() {
        checkOpen();
        shared.freezeClientId();
        if (sessionMode != CLIENT_ACKNOWLEDGE) {
            return;
        }
        Session s = session;
        if (s == null) {
            return; // no session yet: nothing was consumed
        }
        if (s instanceof SessionAcknowledgeSupport support) {
            call(() -> {
                support.acknowledgeAll();
                return null;
            });
            lastDelivered.set(null);
            return;
        }
        Message last = lastDelivered.get();
        if (last != null) {
            call(() -> {
                last.acknowledge();
                return null;
            });
            lastDelivered.compareAndSet(last, null);
        }
    }

    // ------------------------------------------------------------------------------------------------ producers

    @Override
    public JMSProducer createProducer() {
        checkOpen();
        shared.freezeClientId();
        return new LetterboxJMSProducer(this);
    }

    // ------------------------------------------------------------------------------------------------ consumers

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        checkDestination(destination);
        return consumer(s -> s.createConsumer(destination));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        checkDestination(destination);
        return consumer(s -> s.createConsumer(destination, messageSelector));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        checkDestination(destination);
        return consumer(s -> s.createConsumer(destination, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        checkDestination(topic);
        return consumer(s -> s.createDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        checkDestination(topic);
        return consumer(s -> s.createDurableConsumer(topic, name, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        checkDestination(topic);
        return consumer(s -> s.createSharedDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        checkDestination(topic);
        return consumer(s -> s.createSharedDurableConsumer(topic, name, messageSelector));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        checkDestination(topic);
        return consumer(s -> s.createSharedConsumer(topic, sharedSubscriptionName));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        checkDestination(topic);
        return consumer(s -> s.createSharedConsumer(topic, sharedSubscriptionName, messageSelector));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        checkDestination(queue);
        return withSession(s -> s.createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        checkDestination(queue);
        return withSession(s -> s.createBrowser(queue, messageSelector));
    }

    @Override
    public void unsubscribe(String name) {
        withSession(s -> {
            s.unsubscribe(name);
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------------ destinations

    @Override
    public Queue createQueue(String queueName) {
        return withSession(s -> s.createQueue(queueName));
    }

    @Override
    public Topic createTopic(String topicName) {
        return withSession(s -> s.createTopic(topicName));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return withSession(Session::createTemporaryQueue);
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return withSession(Session::createTemporaryTopic);
    }

    // ------------------------------------------------------------------------------------------------ internals

    @FunctionalInterface
    interface JmsCall<T> {
        T call() throws JMSException;
    }

    @FunctionalInterface
    interface SessionCall<T> {
        T call(Session session) throws JMSException;
    }

    SharedConnection sharedConnection() {
        return shared;
    }

    /** The session mode this context was created with. */
    int mode() {
        return sessionMode;
    }

    /** @throws IllegalStateRuntimeException if this context is closed */
    void checkOpen() {
        if (state == CLOSED) {
            throw new IllegalStateRuntimeException("The JMSContext is closed");
        }
    }

    boolean isClosed() {
        return state == CLOSED;
    }

    /** Runs a classic call, mapping its JMSException (and stray runtime exceptions) to JMSRuntimeException. */
    static <T> T call(JmsCall<T> call) {
        try {
            return call.call();
        } catch (JMSException e) {
            throw JmsExceptions.toRuntime(e);
        }
    }

    /** Runs a call on the (lazily created) session of this context, mapping exceptions. */
    <T> T withSession(SessionCall<T> call) {
        Session s = session();
        try {
            return call.call(s);
        } catch (JMSException e) {
            throw JmsExceptions.toRuntime(e);
        }
    }

    /** The classic session, created on first use. */
    Session session() {
        Session s = session;
        if (s != null) {
            checkOpen();
            return s;
        }
        synchronized (lock) {
            checkOpen();
            if (session == null) {
                if (state != OPEN) {
                    throw new IllegalStateRuntimeException("The JMSContext is closing");
                }
                shared.freezeClientId();
                session = call(this::openSession);
            }
            return session;
        }
    }

    /** Creates the classic session behind this context (an XA context makes an XA session). */
    Session openSession() throws JMSException {
        return shared.connection.createSession(sessionMode);
    }

    /** The anonymous classic producer shared by this context's JMSProducers, created on first send. */
    private MessageProducer classicProducer() {
        MessageProducer p = producer;
        if (p != null) {
            return p;
        }
        synchronized (lock) {
            if (producer == null) {
                Session s = session();
                producer = call(() -> s.createProducer(null));
            }
            return producer;
        }
    }

    /** Sends {@code message} with the options of {@code options} on the context's shared classic producer. */
    void send(Destination destination, Message message, LetterboxJMSProducer options) {
        checkOpen();
        MessageProducer p = classicProducer();
        CompletionListener listener = options.getAsync();
        sendLock.lock();
        try {
            p.setDisableMessageID(options.getDisableMessageID());
            p.setDisableMessageTimestamp(options.getDisableMessageTimestamp());
            p.setDeliveryDelay(options.getDeliveryDelay());
            if (listener == null) {
                p.send(destination, message, options.getDeliveryMode(), options.getPriority(),
                        options.getTimeToLive());
            } else {
                p.send(destination, message, options.getDeliveryMode(), options.getPriority(),
                        options.getTimeToLive(), new CompletionAdapter(this, listener));
            }
        } catch (JMSException e) {
            throw JmsExceptions.toRuntime(e);
        } finally {
            sendLock.unlock();
        }
    }

    /** Records a message handed to the application, for {@link #acknowledge()}. */
    void delivered(Message message) {
        if (message != null && sessionMode == CLIENT_ACKNOWLEDGE) {
            lastDelivered.set(message);
        }
    }

    private JMSConsumer consumer(SessionCall<MessageConsumer> creator) {
        MessageConsumer classic = withSession(creator);
        LetterboxJMSConsumer consumer = new LetterboxJMSConsumer(this, classic);
        if (autoStart) {
            try {
                shared.connection.start();
            } catch (JMSException e) {
                try {
                    classic.close();
                } catch (JMSException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw JmsExceptions.toRuntime(e);
            }
        }
        return consumer;
    }

    private void checkDestination(Destination destination) {
        checkOpen();
        if (destination == null) {
            throw new InvalidDestinationRuntimeException("The destination must not be null");
        }
    }

    /** Runs the application's CompletionListener inside a callback scope of this context. */
    private static final class CompletionAdapter implements CompletionListener {
        private final LetterboxJMSContext context;
        private final CompletionListener listener;

        CompletionAdapter(LetterboxJMSContext context, CompletionListener listener) {
            this.context = context;
            this.listener = listener;
        }

        @Override
        public void onCompletion(Message message) {
            CallbackScope.Frame frame = CallbackScope.enter(context, CallbackScope.Kind.COMPLETION_LISTENER);
            try {
                listener.onCompletion(message);
            } finally {
                CallbackScope.exit(frame);
            }
        }

        /** The simplified API reports JMSRuntimeExceptions: a JMSException is mapped before it is passed on. */
        @Override
        public void onException(Message message, Exception exception) {
            Exception reported = exception instanceof JMSException je ? JmsExceptions.toRuntime(je) : exception;
            CallbackScope.Frame frame = CallbackScope.enter(context, CallbackScope.Kind.COMPLETION_LISTENER);
            try {
                listener.onException(message, reported);
            } finally {
                CallbackScope.exit(frame);
            }
        }
    }
}
