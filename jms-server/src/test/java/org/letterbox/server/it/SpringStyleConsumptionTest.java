package org.letterbox.server.it;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * How Spring's DefaultMessageListenerContainer drives a provider: several threads in a transacted
 * receive(1000) loop committing after every attempt (even empty ones), stop() while they block, and
 * interrupts at shutdown. Every message must be processed once.
 */
class SpringStyleConsumptionTest extends BrokerTestSupport {

    @Override
    protected Transport transport() {
        return Transport.TCP;
    }

    @Test
    void transactedReceiveLoopsConsumeEverythingOnceAcrossStopStart() throws Exception {
        Connection connection = connect();
        String name = unique("dmlc");
        Queue queue;
        try (Session setup = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            queue = setup.createQueue(name);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger emptyCommits = new AtomicInteger();
        Thread[] workers = new Thread[3];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> {
                try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
                    MessageConsumer consumer = session.createConsumer(queue);
                    while (running.get()) {
                        Message m = consumer.receive(1000);
                        if (m == null) {
                            emptyCommits.incrementAndGet();
                        } else if (seen.putIfAbsent(m.getJMSMessageID(), true) != null) {
                            duplicates.incrementAndGet();
                        }
                        session.commit();
                    }
                } catch (Exception e) {
                    if (running.get()) {
                        e.printStackTrace();
                    }
                }
            });
            workers[w].start();
        }
        Session producerSession = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        var producer = producerSession.createProducer(queue);
        for (int i = 0; i < 300; i++) {
            producer.send(producerSession.createTextMessage("m" + i));
            if (i == 150) {
                connection.stop();
                Thread.sleep(300);
                connection.start();
            }
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (seen.size() < 300 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        running.set(false);
        for (Thread worker : workers) {
            worker.interrupt();
            worker.join(5000);
            assertFalse(worker.isAlive(), "a worker did not stop on interrupt");
        }
        assertEquals(300, seen.size());
        assertEquals(0, duplicates.get());
        assertEquals(0, broker.queueDepth(name));
    }
}
