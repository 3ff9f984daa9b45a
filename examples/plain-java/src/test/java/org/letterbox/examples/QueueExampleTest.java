package org.letterbox.examples;

import org.junit.jupiter.api.Test;
import org.letterbox.server.LetterboxBroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueExampleTest {

    @Test
    void sendsAndReceivesEveryMessageThroughAQueue() throws Exception {
        try (LetterboxBroker broker = LetterboxBroker.builder().port(0).start()) {
            String output = ExampleOutput.capture(QueueExample::main, broker.tcpUrl(), "5");

            assertTrue(output.contains("Sent 5 messages to queue examples.orders"), output);
            for (int i = 1; i <= 5; i++) {
                assertTrue(output.contains("Received order #" + i + " (orderNumber=" + i + ")"), output);
            }
            assertTrue(output.contains("Received 5 of 5 messages"), output);
            assertEquals(0, broker.queueDepth(QueueExample.QUEUE_NAME), "the queue is drained");
        }
    }
}
