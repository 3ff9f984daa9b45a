package org.letterbox.server.store.crash;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.TextMessage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a CLIENT_ACKNOWLEDGE consumer received and acknowledged, one message at a time, checking as it goes
 * that no acknowledged message comes back and that one seen before comes back flagged JMSRedelivered. A
 * message whose acknowledge() the kill cut may have been acknowledged at the broker or not: it may stay away
 * or come back, both are right.
 */
public final class AckLedger {
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> seenUnacknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> ackInDoubt = ConcurrentHashMap.newKeySet();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final String what;

    /** @param what the consumer, for the violations (e.g. "queue crash") */
    public AckLedger(String what) {
        this.what = what;
    }

    /** Checks {@code message} against what came before, then acknowledges it (synchronously). */
    public void consumed(Message message) throws JMSException {
        String text = ((TextMessage) message).getText();
        if (acknowledged.contains(text)) {
            violations.add(what + ": acknowledged message came back: " + text);
        }
        if (seenUnacknowledged.contains(text) && !message.getJMSRedelivered()) {
            violations.add(what + ": message seen before a crash came back without JMSRedelivered: " + text);
        }
        seenUnacknowledged.add(text);
        ackInDoubt.add(text);
        message.acknowledge(); // once it returns, the broker has the ack
        ackInDoubt.remove(text);
        acknowledged.add(text);
        seenUnacknowledged.remove(text);
    }

    /** Consumes from {@code consumer} until {@code stopped} (or the broker dies under it). */
    public void consumeUntil(MessageConsumer consumer, AtomicBoolean stopped) throws JMSException {
        while (!stopped.get()) {
            Message m = consumer.receive(100);
            if (m != null) {
                consumed(m);
            }
        }
    }

    /** Consumes from {@code consumer} until nothing more comes (the drain after the last kill). */
    public void consumeAll(MessageConsumer consumer) throws JMSException {
        Message m;
        while ((m = consumer.receive(1500)) != null) {
            consumed(m);
        }
    }

    /** The rules broken so far, plus every confirmed send that was never delivered. */
    public List<String> violations(Set<String> confirmed) {
        List<String> all = new ArrayList<>(violations);
        List<String> lost = confirmed.stream()
                .filter(text -> !acknowledged.contains(text) && !ackInDoubt.contains(text)).sorted().toList();
        if (!lost.isEmpty()) {
            all.add(what + ": " + lost.size() + " confirmed but never delivered: "
                    + lost.subList(0, Math.min(20, lost.size())));
        }
        return all;
    }

    /** Whether {@code text} was delivered at least once (acknowledged or not). */
    public boolean delivered(String text) {
        return acknowledged.contains(text) || seenUnacknowledged.contains(text);
    }

    public int acknowledged() {
        return acknowledged.size();
    }

    public int ackInDoubt() {
        return ackInDoubt.size();
    }
}
