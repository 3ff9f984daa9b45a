package org.letterbox.client;

import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import org.letterbox.jms.LetterboxDestination;
import org.letterbox.jms.message.LetterboxMessage;
import org.letterbox.jms.message.MessageCodec;
import org.letterbox.protocol.Frame;
import org.letterbox.protocol.Frames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A queue browser. Each {@link #getEnumeration()} opens a cursor at the broker ({@link Frames.BrowseOpen}) over a
 * snapshot of the queue taken at that call, so an enumeration shows "the current queue messages" as the javadoc says;
 * the enumeration fetches its snapshot lazily in batches ({@link Frames.BrowseNext}). Messages are decoded read-only,
 * unacknowledged.
 *
 * <p>Enumerations are independent: an earlier one keeps walking its own snapshot after a later one was taken. The
 * broker drops a cursor once its last batch is sent; the cursors of unfinished enumerations are closed with the
 * browser. So that a browser polled for fresh enumerations that are never walked to the end cannot pile up snapshots
 * at the broker, at most {@link #MAX_OPEN_ENUMERATIONS} stay open: taking one more closes the oldest unfinished
 * one, which then ends early (as the javadoc allows: a browser's view of a queue may be inexact).
 */
public class LetterboxQueueBrowser implements QueueBrowser {
    private static final Logger LOG = LoggerFactory.getLogger(LetterboxQueueBrowser.class);
    static final int BATCH = 100;
    public static final int MAX_OPEN_ENUMERATIONS = 8;

    private final LetterboxSession session;
    private final ClientChannel channel;
    private final LetterboxConnection connection;
    private final LetterboxDestination queue;
    private final String selector;
    private volatile boolean closed;
    /** Cursor ids of the enumerations not walked to the end yet, oldest first; guarded by itself. */
    private final Set<Long> openCursors = new LinkedHashSet<>();

    LetterboxQueueBrowser(LetterboxSession session, LetterboxDestination queue, String selector) {
        this.session = session;
        this.channel = session.channel();
        this.connection = session.connection();
        this.queue = queue;
        this.selector = selector;
    }

    private void checkClosed() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("browser is closed");
        }
        session.checkClosed();
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkClosed();
        return (Queue) queue;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkClosed();
        return selector;
    }

    /** The messages on the queue now: a fresh snapshot at each call. */
    @Override
    public Enumeration<Message> getEnumeration() throws JMSException {
        checkClosed();
        long id = connection.nextConsumerId();
        synchronized (openCursors) {
            if (openCursors.size() == MAX_OPEN_ENUMERATIONS) {
                Long oldest = openCursors.iterator().next();
                openCursors.remove(oldest);
                closeCursor(oldest); // not awaited: the BrowseOpen below is handled after it
            }
        }
        ClientChannel.await(channel.request(rid -> new Frames.BrowseOpen(rid, id, queue.toRef(), selector)));
        synchronized (openCursors) {
            openCursors.add(id);
        }
        if (closed) {
            // close() ran meanwhile and did not see this cursor
            closeCursor(id);
            throw new IllegalStateException("browser is closed");
        }
        return new Batches(id);
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        closed = true;
        session.removeBrowser(this);
        if (channel.failure() == null && !session.isClosed()) {
            for (CompletableFuture<Frame> reply : closeOpenCursors()) {
                ClientChannel.await(reply);
            }
        }
    }

    /**
     * The session is closing: nothing is awaited, but the cursors are closed at the broker, which keeps them per
     * connection, not per session.
     */
    void closeLocally() {
        closed = true;
        if (channel.failure() == null) {
            closeOpenCursors();
        }
    }

    private List<CompletableFuture<Frame>> closeOpenCursors() {
        List<Long> ids;
        synchronized (openCursors) {
            ids = new ArrayList<>(openCursors);
            openCursors.clear();
        }
        List<CompletableFuture<Frame>> replies = new ArrayList<>(ids.size());
        for (long id : ids) {
            replies.add(closeCursor(id));
        }
        return replies;
    }

    private CompletableFuture<Frame> closeCursor(long id) {
        return channel.request(rid -> new Frames.BrowseClose(rid, id));
    }

    private boolean isOpen(long id) {
        synchronized (openCursors) {
            return openCursors.contains(id);
        }
    }

    /** The broker sent the last batch of this cursor and dropped it. */
    private void exhausted(long id) {
        synchronized (openCursors) {
            openCursors.remove(id);
        }
    }

    /** Fetches batches on demand; stops at the batch flagged last, or when its cursor or the browser closes. */
    private final class Batches implements Enumeration<Message> {
        private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
        private final long id;
        private boolean last;

        Batches(long id) {
            this.id = id;
        }

        @Override
        public boolean hasMoreElements() {
            while (pending.isEmpty() && !last) {
                if (closed || session.isClosed() || !isOpen(id)) {
                    return false;
                }
                try {
                    Frame reply = ClientChannel.await(channel.request(rid -> new Frames.BrowseNext(rid, id, BATCH)));
                    if (!(reply instanceof Frames.BrowseBatch batch)) {
                        LOG.warn("unexpected reply {} to BrowseNext", reply);
                        last = true;
                        return false;
                    }
                    pending.addAll(batch.messages());
                    last = batch.last();
                    if (last) {
                        exhausted(id);
                    }
                } catch (JMSException e) {
                    if (isOpen(id)) { // else it was closed meanwhile: an end, not a failure
                        LOG.warn("browsing {} failed", queue, e);
                    }
                    last = true;
                    return false;
                }
            }
            return !pending.isEmpty();
        }

        @Override
        public Message nextElement() {
            while (hasMoreElements()) {
                byte[] bytes = pending.pollFirst();
                try {
                    LetterboxMessage message = MessageCodec.decode(bytes);
                    message.markReceived();
                    return message;
                } catch (JMSException | RuntimeException e) {
                    LOG.warn("skipping an undecodable message while browsing {}", queue, e);
                }
            }
            throw new NoSuchElementException();
        }
    }
}
