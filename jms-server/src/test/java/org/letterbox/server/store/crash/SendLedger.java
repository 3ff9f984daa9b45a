package org.letterbox.server.store.crash;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The messages producers sent, each with a unique text, and those the broker confirmed: a synchronous
 * send that returned, or an asynchronous one whose CompletionListener got onCompletion. A send the kill cut
 * is in doubt: it may have reached the journal or not.
 */
public final class SendLedger {
    private final String prefix;
    private final AtomicInteger sent = new AtomicInteger();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();

    public SendLedger(String prefix) {
        this.prefix = prefix;
    }

    /** The text of the next message to send. */
    public String next() {
        return prefix + sent.getAndIncrement();
    }

    public void confirmed(String text) {
        confirmed.add(text);
    }

    public boolean isConfirmed(String text) {
        return confirmed.contains(text);
    }

    public Set<String> confirmed() {
        return confirmed;
    }

    public int sent() {
        return sent.get();
    }

    public int inDoubt() {
        return sent() - confirmed.size();
    }
}
