package org.letterbox.server.overload;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.server.CriticalFailure;
import org.letterbox.server.testsupport.BrokerProcess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker that runs out of heap does not linger as a zombie (a port that accepts and a thread that is gone): it
 * writes one FATAL line and exits with status 70, so its supervisor restarts it. Shown on the runnable jar with every
 * memory bound switched off ({@code --memory-budget 0 --memory-limit 0}) so that producers can exhaust its 64 MiB
 * heap, and without {@code -XX:+ExitOnOutOfMemoryError}: the broker's own handling is what is tested (the heap
 * guard, the handlers of its threads and of every other thread of the process).
 */
@EnabledIfSystemProperty(named = "letterbox.it", matches = "true",
        disabledReason = "needs the shaded jar: runs under failsafe (mvn verify)")
class CriticalFailureIT {
    @TempDir
    Path dir;

    private BrokerProcess broker;

    @AfterEach
    void kill() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aBrokerOutOfHeapHaltsWithAFatalLineInsteadOfLingering() throws Exception {
        broker = new BrokerProcess(dir, List.of("-Xmx64m"),
                List.of("--store", "memory", "--memory-budget", "0", "--memory-limit", "0"));
        String url = broker.start();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int id = p;
            Thread producer = new Thread(() -> {
                try (Connection connection = new LetterboxConnectionFactory(url).createConnection()) {
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer out = session.createProducer(session.createQueue("flood-" + id));
                    out.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                    for (int i = 0; i < 4000; i++) { // 250 MiB each, nobody consumes, nothing bounds it
                        BytesMessage message = session.createBytesMessage();
                        message.writeBytes(new byte[64 * 1024]);
                        out.send(message);
                    }
                } catch (Exception e) {
                    // the broker went: expected
                }
            }, "flood-" + p);
            producer.setDaemon(true);
            producer.start();
            producers.add(producer);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (broker.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(broker.isAlive(), "the broker is gone: " + broker.stderrTail());
        assertEquals(CriticalFailure.EXIT_STATUS, broker.exitValue(), broker.stderrTail());
        String log = broker.stderr();
        // the heap guard usually sees it coming right after a collection; else the OutOfMemoryError itself is caught
        assertTrue(log.contains("FATAL") && (log.contains("out of memory") || log.contains("OutOfMemoryError")),
                broker.stderrTail());
        assertTrue(log.lines().filter(l -> l.startsWith("FATAL")).count() == 1, "one FATAL line: " + broker.stderrTail());
    }
}
