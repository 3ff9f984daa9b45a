package org.letterbox.server.store.crash;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import org.letterbox.jms.LetterboxConnectionFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The clients of one run between two kills: connections, and threads that loop until the kill. A JMS failure
 * after {@link #brokerKilled()} is the kill and ends the thread quietly; any failure before it, or any other
 * exception, is a broken rule of the test.
 */
public final class ClientThreads {
    /**
     * A client loop; it runs until {@code stopped} turns true (just before the kill: what the loop has under way
     * then is cut by it) or the broker dies under it.
     */
    public interface Loop {
        void run(AtomicBoolean stopped) throws Exception;
    }

    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean killed;
    private final List<Connection> connections = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    /** A started connection (with a client ID when {@code clientId} is not null), closed by {@link #stop()}. */
    public Connection connect(String url, String clientId) throws JMSException {
        Connection connection = new LetterboxConnectionFactory(url).createConnection();
        connections.add(connection);
        if (clientId != null) {
            connection.setClientID(clientId);
        }
        connection.start();
        return connection;
    }

    public void start(String name, Loop loop) {
        Thread thread = new Thread(() -> {
            try {
                loop.run(stopped);
            } catch (JMSException | JMSRuntimeException e) {
                if (!killed) {
                    failures.add(name + " failed while the broker was up: " + e);
                }
            } catch (Exception | AssertionError e) {
                failures.add(name + " failed: " + e);
            }
        }, name);
        threads.add(thread);
        thread.start();
    }

    /** Called just before the broker is killed: the loops stop, and from now on a failing client is expected. */
    public void brokerKilled() {
        killed = true;
        stopped.set(true);
    }

    /** After the kill: waits for the loops to end, closes the connections. */
    public void stop() throws InterruptedException {
        stopped.set(true);
        for (Thread thread : threads) {
            thread.join(10_000);
            if (thread.isAlive()) {
                failures.add(thread.getName() + " did not end within 10 s of the kill");
            }
        }
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (JMSException | JMSRuntimeException ignored) {
                // its broker is gone
            }
        }
    }

    /** What went wrong in this run's clients, apart from the kill. */
    public List<String> failures() {
        return failures;
    }
}
