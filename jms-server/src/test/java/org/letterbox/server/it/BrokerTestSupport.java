package org.letterbox.server.it;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.server.LetterboxBroker;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real broker per test class on a free loopback port (and in-VM). Subclasses choose the transport, so
 * every spec test runs over TCP and over vm://. Connections opened with {@link #connect()} are closed
 * after each test; destination names from {@link #unique(String)} keep tests apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BrokerTestSupport {
    private static final AtomicInteger BROKERS = new AtomicInteger();

    protected LetterboxBroker broker;
    protected String destinationPrefix;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** Which transport this test class talks over. */
    protected abstract Transport transport();

    public enum Transport { TCP, VM }

    protected LetterboxBroker.Builder configure(LetterboxBroker.Builder builder) {
        return builder;
    }

    @BeforeAll
    void startBroker() throws Exception {
        broker = configure(LetterboxBroker.builder()
                .port(0)
                .vmName("test-" + BROKERS.incrementAndGet() + "-" + UUID.randomUUID()))
                .start();
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void name(TestInfo info) {
        destinationPrefix = info.getTestMethod().map(m -> m.getName()).orElse("t") + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception ignored) {
                // the test may have closed it already
            }
        }
        toClose.clear();
    }

    protected String url() {
        return transport() == Transport.TCP ? broker.tcpUrl() : broker.vmUrl() + "?create=false";
    }

    /** A URL with extra options appended, e.g. {@code "consumerWindow=5"}. */
    protected String url(String options) {
        String base = url();
        return base + (base.contains("?") ? "&" : "?") + options;
    }

    protected ConnectionFactory factory() {
        return new LetterboxConnectionFactory(url());
    }

    protected ConnectionFactory factory(String options) {
        return new LetterboxConnectionFactory(url(options));
    }

    /** A started connection, closed after the test. */
    protected Connection connect() throws JMSException {
        return started(factory().createConnection());
    }

    protected Connection started(Connection connection) throws JMSException {
        closeLater(connection);
        connection.start();
        return connection;
    }

    protected <T extends AutoCloseable> T closeLater(T resource) {
        toClose.add(resource);
        return resource;
    }

    protected String unique(String name) {
        return destinationPrefix + "-" + name;
    }
}
