package org.letterbox.examples;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Topic;
import org.letterbox.jms.LetterboxConnectionFactory;

/**
 * Publish/subscribe messaging: one publisher, two subscribers on the same topic.
 *
 * <ul>
 *   <li>a <b>non-durable</b> subscriber gets only what is published while it is connected;</li>
 *   <li>a <b>durable</b> subscription keeps messages for its subscriber while it is away: this program
 *       creates it, closes the subscriber, publishes, and then reconnects to collect what it missed.</li>
 * </ul>
 *
 * <p>Run it against a broker (see the README's "Examples" section):
 * <pre>
 * mvn -q -pl examples/plain-java compile exec:java@topic -Dexec.args="tcp://127.0.0.1:61616 3"
 * </pre>
 *
 * <p>Arguments: the broker URL (default {@value #DEFAULT_URL}) and how many messages to publish (default 3).
 */
public final class TopicExample {

    static final String DEFAULT_URL = "tcp://127.0.0.1:61616";
    static final String TOPIC_NAME = "examples.news";
    /** A durable subscription is identified by the client ID plus the subscription name. */
    static final String CLIENT_ID = "letterbox-topic-example";
    static final String SUBSCRIPTION_NAME = "news-archive";

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : DEFAULT_URL;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 3;

        ConnectionFactory factory = new LetterboxConnectionFactory(url);

        try (JMSContext context = factory.createContext()) {
            // An unshared durable subscription needs a client ID, set before anything else is done.
            context.setClientID(CLIENT_ID);
            Topic topic = context.createTopic(TOPIC_NAME);

            // 1. Create the durable subscription, then close its subscriber: the subscription stays on
            //    the broker and collects every message published from now on.
            context.createDurableConsumer(topic, SUBSCRIPTION_NAME).close();

            // 2. A non-durable subscriber: it exists only while this consumer is open.
            int live = 0;
            try (JMSConsumer liveSubscriber = context.createConsumer(topic)) {

                // 3. Publish. A topic delivers each message to every subscription that exists right now.
                JMSProducer publisher = context.createProducer();
                for (int i = 1; i <= count; i++) {
                    publisher.send(topic, "news #" + i);
                }
                System.out.println("Published " + count + " messages to topic " + TOPIC_NAME);

                while (live < count) {
                    String body = liveSubscriber.receiveBody(String.class, 5_000); // wait at most 5 s
                    if (body == null) {
                        break;
                    }
                    live++;
                    System.out.println("Live subscriber received " + body);
                }
            }

            // 4. Reconnect to the durable subscription: the messages published while nobody was
            //    listening on it are waiting.
            int durable = 0;
            try (JMSConsumer durableSubscriber = context.createDurableConsumer(topic, SUBSCRIPTION_NAME)) {
                while (durable < count) {
                    String body = durableSubscriber.receiveBody(String.class, 5_000);
                    if (body == null) {
                        break;
                    }
                    durable++;
                    System.out.println("Durable subscriber received " + body + " (published while it was offline)");
                }
            }

            // 5. A durable subscription lives until it is deleted; remove it so the broker stops keeping
            //    messages for it (its subscriber must be closed first).
            context.unsubscribe(SUBSCRIPTION_NAME);

            System.out.println("Live subscriber: " + live + " of " + count
                    + ", durable subscriber: " + durable + " of " + count);
            if (live != count || durable != count) {
                throw new IllegalStateException("some messages did not arrive");
            }
        }
    }

    private TopicExample() {
    }
}
