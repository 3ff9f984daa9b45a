package org.letterbox.server.store.crash;

import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.letterbox.jms.LetterboxConnectionFactory;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A synchronous and an asynchronous producer send persistent messages to one destination; one
 * CLIENT_ACKNOWLEDGE consumer receives and acknowledges them: a queue consumer, or the consumer of a durable
 * topic subscription (with a client ID). Across the kills, every confirmed send is delivered, no acknowledged
 * message comes back, and a message seen before a kill comes back flagged JMSRedelivered ({@link AckLedger}).
 */
public final class AcknowledgedDelivery implements CrashWorkload {
    private interface Destinations {
        Destination of(Session session) throws JMSException;
    }

    private interface Consumers {
        MessageConsumer open(Session session, Destination destination) throws JMSException;
    }

    private final String name;
    private final String clientId;
    private final Destinations destinations;
    private final Consumers consumers;
    private final Map<SendMode, SendLedger> sends = new EnumMap<>(SendMode.class);
    private final AckLedger acks;

    private AcknowledgedDelivery(String name, String textPrefix, String clientId, Destinations destinations,
                                 Consumers consumers) {
        this.name = name;
        this.clientId = clientId;
        this.destinations = destinations;
        this.consumers = consumers;
        for (SendMode mode : SendMode.values()) {
            sends.put(mode, new SendLedger(textPrefix + "-" + mode.name().toLowerCase(Locale.ROOT) + "-"));
        }
        this.acks = new AckLedger(name);
    }

    public static AcknowledgedDelivery queue(String queue) {
        return new AcknowledgedDelivery("queue " + queue, queue, null, session -> session.createQueue(queue),
                Session::createConsumer);
    }

    public static AcknowledgedDelivery durableTopic(String topic, String clientId, String subscription) {
        return new AcknowledgedDelivery("durable subscription " + subscription + " on topic " + topic, topic, clientId,
                session -> session.createTopic(topic),
                (session, destination) -> session.createDurableSubscriber((Topic) destination, subscription));
    }

    @Override
    public void start(String url, ClientThreads clients) throws JMSException {
        Connection connection = clients.connect(url, clientId);
        Session consumerSession = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        // opened before anything is sent: in the first run it creates the durable subscription
        Destination destination = destinations.of(consumerSession);
        MessageConsumer consumer = consumers.open(consumerSession, destination);
        for (SendMode mode : SendMode.values()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            clients.start(name + " " + mode + " producer",
                    stopped -> mode.sendUntilStopped(session, destination, sends.get(mode), stopped));
        }
        clients.start(name + " consumer", stopped -> acks.consumeUntil(consumer, stopped));
    }

    @Override
    public void drain(String url) throws JMSException {
        try (Connection connection = new LetterboxConnectionFactory(url).createConnection()) {
            if (clientId != null) {
                connection.setClientID(clientId);
            }
            connection.start();
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            acks.consumeAll(consumers.open(session, destinations.of(session)));
        }
    }

    @Override
    public List<String> violations() {
        Set<String> confirmed = new HashSet<>();
        sends.values().forEach(ledger -> confirmed.addAll(ledger.confirmed()));
        return acks.violations(confirmed);
    }

    @Override
    public int confirmed() {
        return sends.values().stream().mapToInt(ledger -> ledger.confirmed().size()).sum();
    }

    @Override
    public String figures() {
        SendLedger sync = sends.get(SendMode.SYNC);
        SendLedger async = sends.get(SendMode.ASYNC);
        return String.format("%s: sent %d sync + %d async, confirmed %d + %d (in doubt %d + %d), delivered and "
                        + "acknowledged %d, acks cut by a kill %d", name, sync.sent(), async.sent(),
                sync.confirmed().size(), async.confirmed().size(), sync.inDoubt(), async.inDoubt(),
                acks.acknowledged(), acks.ackInDoubt());
    }
}
