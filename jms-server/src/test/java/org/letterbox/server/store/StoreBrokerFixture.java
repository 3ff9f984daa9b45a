package org.letterbox.server.store;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.jms.LetterboxXAConnectionFactory;
import org.letterbox.server.LetterboxBroker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real broker on the Chronicle journal in a test's data directory, that can be stopped and started again on it,
 * plus the client connections the test opened (closed before each stop, as a client would lose them). A test makes
 * one in {@code @BeforeEach} from its {@code @TempDir} and closes it in {@code @AfterEach}.
 */
final class StoreBrokerFixture implements AutoCloseable {
    /** Reads what a test wants to know of one received message. */
    @FunctionalInterface
    interface MessageReader<T> {
        T read(Message message) throws JMSException;
    }

    private final Path data;
    private final FsyncPolicy defaultFsync;
    private final List<Connection> connections = new ArrayList<>();
    private LetterboxBroker.Builder settings;
    private FsyncPolicy fsync;
    private LetterboxBroker broker;

    StoreBrokerFixture(Path data, FsyncPolicy defaultFsync) {
        this.data = data;
        this.defaultFsync = defaultFsync;
    }

    /** Starts a broker with {@code settings} and the fixture's fsync policy; {@link #restart()} reuses both. */
    LetterboxBroker start(LetterboxBroker.Builder settings) throws Exception {
        return start(settings, defaultFsync);
    }

    LetterboxBroker start(LetterboxBroker.Builder settings, FsyncPolicy fsync) throws Exception {
        this.settings = settings;
        this.fsync = fsync;
        broker = settings.port(0).store(StoreType.CHRONICLE).dataDirectory(data).fsync(fsync).start();
        return broker;
    }

    /** Closes the connections and the broker, leaving its data directory for a later start. */
    void stop() {
        closeConnections();
        broker.close();
        broker = null;
    }

    /** Starts a broker again on the same data directory with the settings of the last start (after {@link #stop()}). */
    LetterboxBroker startAgain() throws Exception {
        return start(settings, fsync);
    }

    /** Stops the broker and starts it again on the same data directory with the same settings. */
    void restart() throws Exception {
        stop();
        startAgain();
    }

    LetterboxBroker broker() {
        return broker;
    }

    /** A started connection to the broker, closed at the next stop. */
    Connection connect() throws JMSException {
        return connect(null);
    }

    /** A started connection with {@code clientId} (none if null), closed at the next stop. */
    Connection connect(String clientId) throws JMSException {
        Connection connection = new LetterboxConnectionFactory(broker.tcpUrl()).createConnection();
        connections.add(connection);
        if (clientId != null) {
            connection.setClientID(clientId);
        }
        connection.start();
        return connection;
    }

    /** An AUTO_ACKNOWLEDGE session on a new connection. */
    Session session() throws JMSException {
        return connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /** An XA session on a new XA connection. */
    XASession xaSession() throws JMSException {
        XAConnection connection = new LetterboxXAConnectionFactory(broker.tcpUrl()).createXAConnection();
        connections.add(connection);
        connection.start();
        return connection.createXASession();
    }

    /**
     * Receives from {@code queue} with a fresh consumer until {@code max} messages came or none came within the
     * timeout; then closes the consumer, so what it had prefetched but not consumed goes back to the queue.
     */
    <T> List<T> drain(String queue, int max, long timeoutMillis, MessageReader<T> reader) throws JMSException {
        Session session = session();
        MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
        List<T> got = new ArrayList<>();
        Message m;
        while (got.size() < max && (m = consumer.receive(timeoutMillis)) != null) {
            got.add(reader.read(m));
        }
        consumer.close();
        return got;
    }

    void closeConnections() {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (JMSException ignored) {
                // the broker may be gone already
            }
        }
        connections.clear();
    }

    @Override
    public void close() {
        closeConnections();
        if (broker != null) {
            broker.close();
        }
    }
}
