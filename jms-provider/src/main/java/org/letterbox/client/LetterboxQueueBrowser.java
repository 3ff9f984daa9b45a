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
import java.util.Enumeration;
import java.util.NoSuchElementException;

/**
 * A queue browser over a snapshot the broker takes at {@link Frames.BrowseOpen}; its enumeration fetches
 * the snapshot lazily in batches ({@link Frames.BrowseNext}). Messages are decoded read-only, unacknowledged.
 */
public class LetterboxQueueBrowser implements QueueBrowser {
    private static final Logger LOG = LoggerFactory.getLogger(LetterboxQueueBrowser.class);
    static final int BATCH = 100;

    private final LetterboxSession session;
    private final ClientChannel channel;
    private final LetterboxConnection connection;
    private volatile long browserId;
    private final LetterboxDestination queue;
    private final String selector;
    private volatile boolean closed;
    private boolean enumerated;

    LetterboxQueueBrowser(LetterboxSession session, long browserId, LetterboxDestination queue, String selector) {
        this.session = session;
        this.channel = session.channel();
        this.connection = session.connection();
        this.browserId = browserId;
        this.queue = queue;
        this.selector = selector;
    }

    void open() throws JMSException {
        long id = browserId;
        ClientChannel.await(channel.request(rid -> new Frames.BrowseOpen(rid, id, queue.toRef(), selector)));
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

    /**
     * The messages of the snapshot. The first call walks the snapshot taken when the browser was created;
     * each later call re-opens the browser at the broker for a fresh snapshot.
     */
    @Override
    public Enumeration<Message> getEnumeration() throws JMSException {
        checkClosed();
        synchronized (this) {
            if (enumerated) {
                long old = browserId;
                ClientChannel.await(channel.request(rid -> new Frames.BrowseClose(rid, old)));
                browserId = connection.nextConsumerId();
                open();
            }
            enumerated = true;
            return new Batches(browserId);
        }
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        closed = true;
        session.removeBrowser(this);
        if (channel.failure() == null && !session.isClosed()) {
            long id = browserId;
            ClientChannel.await(channel.request(rid -> new Frames.BrowseClose(rid, id)));
        }
    }

    /** The session closed: the broker drops the browser with it. */
    void closeLocally() {
        closed = true;
    }

    /** Fetches batches on demand; stops at the batch flagged last, or when the browser closes. */
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
                if (closed || session.isClosed() || id != browserId) {
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
                } catch (JMSException e) {
                    LOG.warn("browsing {} failed", queue, e);
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
