package org.letterbox.server.fuzz;

import org.letterbox.protocol.ErrorCode;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.Frames;

import javax.transaction.xa.XAException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What the broker sent back on one fuzz connection, as its reader thread decoded it. */
final class BrokerReplies {
    /**
     * How ServerConnection words the answer to a frame whose handling threw (an exception that escaped into its
     * catch-all, not a refusal): a broker defect whatever the frame was. XaRequests answers those XAER_RMERR.
     */
    static final String INTERNAL_FAILURE = "broker failed to handle the request";

    private final CountDownLatch closed = new CountDownLatch(1);
    private final CountDownLatch helloAnswered = new CountDownLatch(1);
    private final Map<ErrorCode, Integer> errors = new EnumMap<>(ErrorCode.class);
    private int frames;
    private boolean helloOk;
    private long protocolErrorNanos;
    private String undecodable;
    private String lastProtocolError;
    private int internalFailures;
    private String internalFailure;

    synchronized void received(Frame frame) {
        frames++;
        notifyAll();
        if (frame instanceof Frames.HelloOk) {
            helloOk = true;
            helloAnswered.countDown();
        } else if (frame instanceof Frames.Error error) {
            errors.merge(error.code(), 1, Integer::sum);
            if (error.code() == ErrorCode.PROTOCOL && protocolErrorNanos == 0) {
                protocolErrorNanos = System.nanoTime();
                lastProtocolError = error.message();
            }
            if (error.message() != null && error.message().startsWith(INTERNAL_FAILURE)) {
                internalFailure(error.message());
            }
            helloAnswered.countDown();
        } else if (frame instanceof Frames.XaResult result && result.code() == XAException.XAER_RMERR) {
            internalFailure(result.message());
        }
    }

    private void internalFailure(String message) {
        internalFailures++;
        if (internalFailure == null) {
            internalFailure = message;
        }
    }

    /** The broker sent bytes that are not a frame of the protocol: a broker defect. */
    synchronized void undecodable(String what) {
        if (undecodable == null) {
            undecodable = what;
        }
    }

    void closedByBroker() {
        closed.countDown();
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    boolean awaitClosed(long millis) throws InterruptedException {
        return closed.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Waits for HelloOk or an Error; true if it was HelloOk. */
    boolean awaitHello(long millis) throws InterruptedException {
        helloAnswered.await(millis, TimeUnit.MILLISECONDS);
        return helloOk();
    }

    /** Waits until {@code count} frames in all have come back, or the time is up; true if they did. */
    synchronized boolean awaitFrames(int count, long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        while (frames < count && !isClosed()) {
            long left = (until - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, 100));
        }
        return frames >= count;
    }

    synchronized boolean helloOk() {
        return helloOk;
    }

    synchronized int frames() {
        return frames;
    }

    synchronized int errors(ErrorCode code) {
        return errors.getOrDefault(code, 0);
    }

    synchronized Map<ErrorCode, Integer> errors() {
        return new EnumMap<>(errors);
    }

    synchronized boolean protocolError() {
        return protocolErrorNanos != 0;
    }

    synchronized String lastProtocolError() {
        return lastProtocolError;
    }

    /** Frames answered as internal failures (see {@link #INTERNAL_FAILURE}), and the first one's message. */
    synchronized int internalFailures() {
        return internalFailures;
    }

    synchronized String internalFailure() {
        return internalFailure;
    }

    synchronized String undecodable() {
        return undecodable;
    }
}
