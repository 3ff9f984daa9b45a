package org.letterbox.server.destination;

import jakarta.jms.DeliveryMode;
import org.junit.jupiter.api.Test;
import org.letterbox.jms.message.LetterboxTextMessage;
import org.letterbox.jms.message.MessageCodec;
import org.letterbox.selector.Selector;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stored message that cannot be decoded for a selector (the broker validates every message it accepts, so only a
 * damaged journal could hold one) is dead-lettered once, with the reason, and never decoded again on later dispatch
 * passes; the messages behind it still flow. The queue and its consumers are driven directly, no broker around them.
 */
class UndecodableMessageTest {

    private final List<String> reasons = new ArrayList<>();
    private final List<QueueEntry> delivered = new ArrayList<>();

    private final Scheduler scheduler = new Scheduler() {
        @Override
        public Cancellable schedule(Runnable task, long delayMillis) {
            return () -> { };
        }

        @Override
        public long now() {
            return 1_000;
        }
    };

    private final DeadLetters deadLetters = new DeadLetters() {
        @Override
        public void deadLetter(QueueEntry entry, MessageQueue from, String reason) {
            reasons.add(reason);
            from.settleDropped(entry);
        }

        @Override
        public void expired(QueueEntry entry, MessageQueue from) {
            from.settleDropped(entry);
        }
    };

    private final class SelectingConsumer implements QueueConsumer {
        private final Selector selector;
        int credit = 100;

        SelectingConsumer(String selector) throws Exception {
            this.selector = Selector.compile(selector);
        }

        @Override
        public boolean hasCredit() {
            return credit > 0;
        }

        @Override
        public boolean accepts(QueueEntry entry) {
            return Selectors.matches(selector, entry);
        }

        @Override
        public void deliver(QueueEntry entry, MessageQueue from) {
            credit--;
            delivered.add(entry);
        }
    }

    private static byte[] validMessage(String color) throws Exception {
        LetterboxTextMessage message = new LetterboxTextMessage();
        message.setText("hi");
        message.setStringProperty("color", color);
        message.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        return MessageCodec.encode(message);
    }

    @Test
    void anUndecodableMessageIsDeadLetteredOnceWithItsReason() throws Exception {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        MessageQueue queue = new MessageQueue("q", scheduler, SettleListener.NONE);
        queue.policy(DeliveryPolicy.DEFAULT, deadLetters);
        queue.budget(budget);
        byte[] garbage = validMessage("red");
        for (int i = 28; i < garbage.length; i++) {
            garbage[i] = (byte) 0xEE; // a valid 28-byte prefix, then garbage
        }
        queue.enqueue(new QueueEntry(new BrokerMessage(1, garbage, null)));
        queue.enqueue(new QueueEntry(new BrokerMessage(2, validMessage("red"), null)));
        SelectingConsumer consumer = new SelectingConsumer("color = 'red'");
        queue.addConsumer(consumer);
        for (int pass = 0; pass < 5; pass++) {
            queue.dispatch();
        }
        assertEquals(1, reasons.size(), "dead-lettered once: " + reasons);
        assertTrue(reasons.get(0).startsWith("cannot be decoded for a selector"), reasons.get(0));
        assertEquals(1, delivered.size(), "the message behind it was delivered");
        assertEquals(2, delivered.get(0).message().sequence());
        assertEquals(0, queue.depth());
        queue.settle(delivered.get(0));
        assertEquals(0, budget.used(), "everything it held is released");
    }

    @Test
    void everythingAQueueHoldsIsChargedToTheBudgetOnceAndReleased() throws Exception {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        MessageQueue first = new MessageQueue("a", scheduler, SettleListener.NONE);
        MessageQueue second = new MessageQueue("b", scheduler, SettleListener.NONE);
        first.budget(budget);
        second.budget(budget);
        BrokerMessage shared = new BrokerMessage(1, validMessage("blue"), null); // a topic message on two subscriptions
        first.enqueue(new QueueEntry(shared));
        second.enqueue(new QueueEntry(shared));
        long expected = shared.footprint() + 2 * MemoryBudget.ENTRY_BYTES;
        assertEquals(expected, budget.used(), "the message once, each entry once");
        first.close();
        assertEquals(shared.footprint() + MemoryBudget.ENTRY_BYTES, budget.used());
        second.purge();
        assertEquals(0, budget.used());
        assertEquals(0, shared.holds());
    }
}
