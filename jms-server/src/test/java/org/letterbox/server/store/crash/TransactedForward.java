package org.letterbox.server.store.crash;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionRolledBackException;
import org.letterbox.jms.LetterboxConnectionFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transacted session consumes 1 to 4 messages from an input queue, sends one message per consumed one to an
 * output queue, and commits, in a loop; a synchronous producer feeds the input queue, and a CLIENT_ACKNOWLEDGE
 * consumer reads the output queue ({@link AckLedger}: no acknowledged message comes back). Afterwards:
 * <ul>
 * <li>every transaction is wholly in or wholly out: all of its sends were delivered, or none;</li>
 * <li>a committed one is in, each send delivered exactly once; one that never reached commit(), or whose commit
 * threw TransactionRolledBackException, is out; one whose commit() the kill cut may be either;</li>
 * <li>both sides agree: a message consumed by a transaction that is in never comes back, one consumed by a
 * transaction that is out does come back (redelivered to a later transaction or left in the input queue), and
 * every confirmed input message is consumed by exactly one transaction that is in, or is left in the input queue;</li>
 * <li>a message received before comes back flagged JMSRedelivered.</li>
 * </ul>
 */
public final class TransactedForward implements CrashWorkload {
    private enum Outcome {
        /** the kill came before commit(): rolled back */
        NOT_COMMITTED,
        /** commit() threw TransactionRolledBackException */
        ROLLED_BACK,
        /** commit() failed otherwise: the kill cut it, the broker may have committed or not */
        IN_DOUBT,
        COMMITTED
    }

    private static final class Transaction {
        final int number;
        final List<String> consumed = new ArrayList<>();
        volatile Outcome outcome = Outcome.NOT_COMMITTED;

        Transaction(int number) {
            this.number = number;
        }

        String output(String input) {
            return "t" + number + ":" + input;
        }
    }

    private final String input;
    private final String output;
    private final SendLedger inputs;
    private final AtomicInteger transactionNumbers = new AtomicInteger();
    private final Map<Integer, Transaction> transactions = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> receivedBy = new ConcurrentHashMap<>(); // input -> transactions, in order
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> leftInInput = new HashSet<>();
    private final AckLedger outputs;

    public TransactedForward(String input, String output) {
        this.input = input;
        this.output = output;
        this.inputs = new SendLedger(input + "-");
        this.outputs = new AckLedger("queue " + output);
    }

    @Override
    public void start(String url, ClientThreads clients) throws JMSException {
        Connection connection = clients.connect(url, null);
        Session feedSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        clients.start("transacted forward feeder", stopped ->
                SendMode.SYNC.sendUntilStopped(feedSession, feedSession.createQueue(input), inputs, stopped));
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        clients.start("transacted forwarder", stopped -> {
            MessageConsumer consumer = session.createConsumer(session.createQueue(input));
            MessageProducer producer = session.createProducer(session.createQueue(output));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            while (!stopped.get()) {
                Message m = consumer.receive(100);
                if (m != null) {
                    forward(session, consumer, producer, m, stopped);
                }
            }
        });
        Session outputSession = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer outputConsumer = outputSession.createConsumer(outputSession.createQueue(output));
        clients.start("transacted forward output consumer", stopped -> outputs.consumeUntil(outputConsumer, stopped));
    }

    /**
     * One transaction: {@code first} and up to 3 more messages forwarded, then commit, unless the kill is
     * coming: then it stays uncommitted, its sends held by the broker when it dies.
     */
    private void forward(Session session, MessageConsumer consumer, MessageProducer producer, Message first,
                         AtomicBoolean stopped) throws JMSException, InterruptedException {
        Transaction tx = new Transaction(transactionNumbers.incrementAndGet());
        transactions.put(tx.number, tx);
        int batch = 1 + ThreadLocalRandom.current().nextInt(4);
        for (Message m = first; m != null; m = tx.consumed.size() < batch ? consumer.receiveNoWait() : null) {
            String text = received(m, "transaction " + tx.number);
            receivedBy.computeIfAbsent(text, t -> Collections.synchronizedList(new ArrayList<>())).add(tx.number);
            tx.consumed.add(text);
            producer.send(session.createTextMessage(tx.output(text)));
        }
        Thread.sleep(ThreadLocalRandom.current().nextInt(5)); // so that some kills land between the sends and commit()
        if (stopped.get()) {
            return; // NOT_COMMITTED: commit() is never called, so the broker must drop the transaction
        }
        try {
            session.commit();
            tx.outcome = Outcome.COMMITTED;
        } catch (TransactionRolledBackException e) {
            tx.outcome = Outcome.ROLLED_BACK;
            throw e;
        } catch (JMSException | RuntimeException e) {
            tx.outcome = Outcome.IN_DOUBT;
            throw e;
        }
    }

    /** The input message's text, after checking its JMSRedelivered flag. */
    private String received(Message m, String by) throws JMSException {
        String text = ((TextMessage) m).getText();
        if (receivedBy.containsKey(text) && !m.getJMSRedelivered()) {
            violations.add(input + ": " + text + " was received before, but came back to " + by + " without JMSRedelivered");
        }
        return text;
    }

    @Override
    public void drain(String url) throws JMSException {
        try (Connection connection = new LetterboxConnectionFactory(url).createConnection()) {
            connection.start();
            Session outputSession = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            try (MessageConsumer consumer = outputSession.createConsumer(outputSession.createQueue(output))) {
                outputs.consumeAll(consumer);
            }
            Session inputSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageConsumer consumer = inputSession.createConsumer(inputSession.createQueue(input))) {
                Message m;
                while ((m = consumer.receive(1500)) != null) {
                    if (!leftInInput.add(received(m, "the final drain"))) {
                        violations.add(input + ": " + ((TextMessage) m).getText() + " left twice in the queue");
                    }
                }
            }
        }
    }

    /** How many of {@code tx}'s sends reached the output queue. */
    private int delivered(Transaction tx) {
        return (int) tx.consumed.stream().filter(text -> outputs.delivered(tx.output(text))).count();
    }

    /** Wholly in: every send of {@code tx} reached the output queue. */
    private boolean in(Transaction tx) {
        return delivered(tx) == tx.consumed.size();
    }

    @Override
    public List<String> violations() {
        List<String> all = new ArrayList<>(violations);
        Set<String> committedOutputs = new HashSet<>(); // of the transactions that are in
        for (Transaction tx : transactions.values()) {
            int delivered = delivered(tx);
            if (delivered != 0 && delivered != tx.consumed.size()) {
                all.add("transaction " + tx.number + " (" + tx.outcome + ") is half committed: " + delivered
                        + " of its " + tx.consumed.size() + " sends were delivered");
            } else if ((tx.outcome == Outcome.NOT_COMMITTED || tx.outcome == Outcome.ROLLED_BACK) && in(tx)) {
                all.add("transaction " + tx.number + " (" + tx.outcome + ") never committed, but its sends were delivered");
            }
            if (tx.outcome == Outcome.COMMITTED || in(tx)) {
                tx.consumed.forEach(text -> committedOutputs.add(tx.output(text)));
            }
        }
        // every send of a transaction that is in was delivered, and no acknowledged one came back
        all.addAll(outputs.violations(committedOutputs));
        Set<String> known = new HashSet<>(inputs.confirmed());
        known.addAll(receivedBy.keySet()); // received: the broker had it, whether its send was confirmed or not
        for (String text : known) {
            all.addAll(inputViolations(text));
        }
        return all;
    }

    /** Where one input message ended: consumed by exactly one transaction that is in, or left in the input queue. */
    private List<String> inputViolations(String text) {
        List<Integer> by = receivedBy.getOrDefault(text, List.of());
        List<Integer> consumedBy = by.stream().filter(n -> in(transactions.get(n))).toList();
        boolean left = leftInInput.contains(text);
        int places = consumedBy.size() + (left ? 1 : 0);
        if (places == 0) {
            return List.of(input + ": " + text + " is lost: received by transactions " + by
                    + ", none of them in, and not left in the queue");
        }
        if (places > 1) {
            return List.of(input + ": " + text + " consumed by transactions " + consumedBy + " that are in"
                    + (left ? ", and left in the queue too" : ""));
        }
        if (!consumedBy.isEmpty() && by.get(by.size() - 1).intValue() != consumedBy.get(0).intValue()) {
            return List.of(input + ": " + text + " came back after transaction " + consumedBy.get(0)
                    + " consumed it and its sends were delivered (received by " + by + ")");
        }
        return List.of();
    }

    @Override
    public int confirmed() {
        return inputs.confirmed().size();
    }

    @Override
    public String figures() {
        Map<Outcome, Integer> outcomes = new HashMap<>();
        transactions.values().forEach(tx -> outcomes.merge(tx.outcome, 1, Integer::sum));
        int inDoubtIn = (int) transactions.values().stream().filter(tx -> tx.outcome == Outcome.IN_DOUBT && in(tx)).count();
        return String.format("transacted %s -> %s: %d inputs sent, %d confirmed (in doubt %d); %d transactions: %d "
                        + "committed, %d cut before commit, %d rolled back, %d commits in doubt (%d in, %d out); "
                        + "%d forwarded messages delivered and acknowledged (acks cut by a kill %d), %d left in %s",
                input, output, inputs.sent(), inputs.confirmed().size(), inputs.inDoubt(), transactions.size(), outcomes.getOrDefault(Outcome.COMMITTED, 0),
                outcomes.getOrDefault(Outcome.NOT_COMMITTED, 0), outcomes.getOrDefault(Outcome.ROLLED_BACK, 0),
                outcomes.getOrDefault(Outcome.IN_DOUBT, 0), inDoubtIn,
                outcomes.getOrDefault(Outcome.IN_DOUBT, 0) - inDoubtIn, outputs.acknowledged(), outputs.ackInDoubt(),
                leftInInput.size(), input);
    }
}
