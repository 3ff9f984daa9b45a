package org.letterbox.examples;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import org.letterbox.jms.LetterboxConnectionFactory;

/**
 * Point-to-point messaging: sends N messages to a queue, then receives them back.
 *
 * <p>Run it against a broker (see the README's "Examples" section):
 * <pre>
 * mvn -q -pl examples/plain-java compile exec:java@queue -Dexec.args="tcp://127.0.0.1:61616 10"
 * </pre>
 *
 * <p>Arguments: the broker URL (default {@value #DEFAULT_URL}) and how many messages to send (default 10).
 * Apart from the {@link LetterboxConnectionFactory} line, this is plain Jakarta Messaging 3.1 code.
 */
public final class QueueExample {

    static final String DEFAULT_URL = "tcp://127.0.0.1:61616";
    static final String QUEUE_NAME = "examples.orders";

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : DEFAULT_URL;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10;

        // The only Letterbox-specific line: everything below uses the standard jakarta.jms API.
        ConnectionFactory factory = new LetterboxConnectionFactory(url);

        // A JMSContext is a connection plus a session. AUTO_ACKNOWLEDGE (the default) acknowledges each
        // message as receive() returns it. try-with-resources closes the connection at the end.
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue(QUEUE_NAME);   // created on the broker on first use

            // Send: each message is persistent by default, so send() returns once the broker has it.
            JMSProducer producer = context.createProducer();
            for (int i = 1; i <= count; i++) {
                producer.setProperty("orderNumber", i)       // an application property (selectors can use it)
                        .send(queue, "order #" + i);
            }
            System.out.println("Sent " + count + " messages to queue " + QUEUE_NAME);

            // Receive: a queue keeps messages until a consumer takes them, so the consumer can be created
            // after the sends. Each message goes to exactly one consumer.
            int received = 0;
            try (JMSConsumer consumer = context.createConsumer(queue)) {
                while (received < count) {
                    TextMessage message = (TextMessage) consumer.receive(5_000); // wait at most 5 s
                    if (message == null) {
                        break;                                // nothing more arrived in time
                    }
                    received++;
                    System.out.println("Received " + message.getText()
                            + " (orderNumber=" + message.getIntProperty("orderNumber") + ")");
                }
            }
            System.out.println("Received " + received + " of " + count + " messages");
            if (received != count) {
                throw new IllegalStateException("expected " + count + " messages, got " + received);
            }
        }
    }

    private QueueExample() {
    }
}
