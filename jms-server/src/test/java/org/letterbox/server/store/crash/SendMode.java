package org.letterbox.server.store.crash;

import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How a crash-test producer sends its persistent messages, and so what counts as confirmed: a synchronous
 * send that returned, or an asynchronous send whose CompletionListener got onCompletion.
 */
public enum SendMode {
    SYNC,
    /**
     * Up to {@link #ASYNC_WINDOW} sends outstanding, one every millisecond at most (enough to have some in
     * flight at each kill; unpaced, they would fill the journal that every restart replays).
     */
    ASYNC;

    static final int ASYNC_WINDOW = 16;

    /** Sends unique text messages to {@code destination} on {@code session} until stopped or the broker dies. */
    void sendUntilStopped(Session session, Destination destination, SendLedger ledger, AtomicBoolean stopped)
            throws JMSException, InterruptedException {
        MessageProducer producer = session.createProducer(destination);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        Semaphore window = new Semaphore(ASYNC_WINDOW);
        AtomicReference<Exception> failed = new AtomicReference<>();
        while (!stopped.get()) {
            String text;
            if (this == SYNC) {
                text = ledger.next();
                producer.send(session.createTextMessage(text));
                ledger.confirmed(text);
                continue;
            }
            if (failed.get() != null) {
                throw new JMSException("an asynchronous send failed: " + failed.get());
            }
            if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            text = ledger.next();
            producer.send(session.createTextMessage(text), new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    ledger.confirmed(text);
                    window.release();
                }

                @Override
                public void onException(Message message, Exception e) {
                    failed.compareAndSet(null, e); // in doubt: the kill cut it
                    window.release();
                }
            });
            Thread.sleep(1);
        }
    }
}
