package org.letterbox.server.fuzz;

import org.letterbox.protocol.Frame;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a scenario plays with: its connection's random source and frame makers, a way to open sockets to the broker
 * (all closed at the connection's deadline), and {@link #expect} for what the broker must do. After the scenario,
 * {@link #finish} checks what every socket of it got back.
 */
final class FuzzContext {
    final ConnectionSpec spec;
    final FuzzRandom random;
    final FrameGenerator frames;
    final FrameMutator mutator;
    final FuzzSettings settings;
    private final InetSocketAddress broker;
    private final Findings findings;
    private final long deadlineNanos;
    private final List<FuzzConnection> connections = new CopyOnWriteArrayList<>();

    FuzzContext(ConnectionSpec spec, FuzzSettings settings, InetSocketAddress broker, Findings findings, long deadlineNanos) {
        this.spec = spec;
        this.random = new FuzzRandom(spec.seed());
        this.frames = new FrameGenerator(random);
        this.mutator = new FrameMutator(random);
        this.settings = settings;
        this.broker = broker;
        this.findings = findings;
        this.deadlineNanos = deadlineNanos;
    }

    FuzzConnection open() throws IOException {
        return register(FuzzConnection.open(broker, true));
    }

    /** A connection that never reads what the broker sends. */
    FuzzConnection openNotReading() throws IOException {
        return register(FuzzConnection.open(broker, false));
    }

    /** Opens a connection and says a valid HELLO; the broker must answer HelloOk. */
    FuzzConnection openAndHello() throws IOException, InterruptedException {
        FuzzConnection connection = open();
        connection.send(WireBytes.hello(frames.requestId()));
        expect(connection.replies().awaitHello(10_000), "a valid HELLO is answered HelloOk within 10 s",
                "errors " + connection.replies().errors());
        return connection;
    }

    private FuzzConnection register(FuzzConnection connection) {
        connections.add(connection);
        if (System.nanoTime() - deadlineNanos >= 0) {
            connection.close(); // opened after the deadline's closeAll
        }
        return connection;
    }

    void send(FuzzConnection connection, Frame frame) throws IOException {
        connection.send(WireBytes.encode(frame));
    }

    int connectionsOpened() {
        return connections.size();
    }

    long bytesSent() {
        return connections.stream().mapToLong(FuzzConnection::bytesSent).sum();
    }

    int framesReceived() {
        return connections.stream().mapToInt(c -> c.replies().frames()).sum();
    }

    boolean timeLeft() {
        return deadlineNanos - System.nanoTime() > 0;
    }

    /** Sleeps {@code millis}, or until the deadline if that comes first. */
    void linger(long millis) throws InterruptedException {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (Math.min(millis, left) > 0) {
            Thread.sleep(Math.min(millis, left));
        }
    }

    /** Keeps fuzz traffic from taking all of the machine's two cores from the broker and the bystander. */
    void pace() throws InterruptedException {
        if (random.chance(0.15)) {
            Thread.sleep(1);
        }
    }

    void expect(boolean ok, String check, String detail) {
        if (!ok) {
            findings.add(check, spec, detail);
        }
    }

    /** The deadline: ends every blocked write and read of this connection's sockets. */
    void closeAll() {
        connections.forEach(FuzzConnection::close);
    }

    /** What every socket of the scenario got back must be what a sound broker sends. */
    void finish() throws InterruptedException {
        for (FuzzConnection connection : connections) {
            BrokerReplies replies = connection.replies();
            expect(replies.undecodable() == null, "the broker sends only well-formed frames", replies.undecodable());
            if (replies.internalFailures() > 0) {
                findings.add("no frame makes the broker fail internally: " + failureKind(replies.internalFailure()), spec,
                        replies.internalFailures() + " frame(s) answered: " + replies.internalFailure());
            }
            if (replies.protocolError() && connection.isOpen()) {
                expect(replies.awaitClosed(3000), "a PROTOCOL error closes the connection",
                        "still open 3 s after: " + replies.lastProtocolError());
            }
        }
        closeAll();
    }

    /** The exception class of an internal-failure answer, so distinct defects are counted apart. */
    private static String failureKind(String message) {
        int colon = message.indexOf(':');
        String rest = colon < 0 ? message : message.substring(colon + 1).trim();
        int end = rest.indexOf(':');
        return end < 0 ? rest : rest.substring(0, end);
    }
}
