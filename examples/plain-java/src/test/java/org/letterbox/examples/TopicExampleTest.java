package org.letterbox.examples;

import org.junit.jupiter.api.Test;
import org.letterbox.server.LetterboxBroker;

import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicExampleTest {

    @Test
    void bothSubscribersGetEveryMessageAndTheDurableOneWhileOffline() throws Exception {
        try (LetterboxBroker broker = LetterboxBroker.builder().port(0).start()) {
            String output = ExampleOutput.capture(TopicExample::main, broker.tcpUrl(), "3");

            assertTrue(output.contains("Published 3 messages to topic examples.news"), output);
            for (int i = 1; i <= 3; i++) {
                assertTrue(output.contains("Live subscriber received news #" + i), output);
                assertTrue(output.contains("Durable subscriber received news #" + i + " (published while it was offline)"), output);
            }
            assertTrue(output.contains("Live subscriber: 3 of 3, durable subscriber: 3 of 3"), output);
        }
    }

    @Test
    void canRunTwiceAgainstTheSameBroker() throws Exception {
        // the program deletes its durable subscription at the end, so a second run starts clean
        try (LetterboxBroker broker = LetterboxBroker.builder().port(0).start()) {
            ExampleOutput.capture(TopicExample::main, broker.tcpUrl(), "2");
            String second = ExampleOutput.capture(TopicExample::main, broker.tcpUrl(), "2");
            assertTrue(second.contains("Live subscriber: 2 of 2, durable subscriber: 2 of 2"), second);
        }
    }
}
