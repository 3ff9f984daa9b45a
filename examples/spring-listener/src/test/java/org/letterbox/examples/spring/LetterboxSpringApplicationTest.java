package org.letterbox.examples.spring;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.letterbox.examples.spring.Inbox.Delivery;
import org.letterbox.server.LetterboxBroker;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jms.config.JmsListenerEndpointRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the whole app against a real Letterbox broker that the test starts on a free port.
 * (The demo runner is off, so only what each test sends is on the wire.)
 */
@SpringBootTest(properties = "letterbox.demo=false")
@DirtiesContext // close the app when this class is done: its broker is gone
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the broker restart runs last
class LetterboxSpringApplicationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    static LetterboxBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = LetterboxBroker.builder().port(0).start(); // port 0: any free port
    }

    /** The app's {@code letterbox.url} points at the test's broker. */
    @DynamicPropertySource
    static void brokerUrl(DynamicPropertyRegistry registry) {
        registry.add("letterbox.url", () -> broker.tcpUrl());
    }

    @AfterAll
    static void stopBroker(@Autowired JmsListenerEndpointRegistry listeners) {
        listeners.stop(); // stop the listeners first, so they don't try to reconnect to a stopped broker
        broker.close();
    }

    @Autowired
    Sender sender;
    @Autowired
    Inbox inbox;
    @Autowired
    JmsListenerEndpointRegistry listeners;

    @Test
    @Order(1)
    void queueListenerReceivesAnOrder() {
        sender.sendOrder("order A");

        Delivery delivery = awaitDelivery("orders", "order A");
        assertThat(delivery.redelivered()).isFalse();
        assertThat(delivery.deliveryCount()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void listenerExceptionRollsBackAndTheMessageIsRedelivered() {
        sender.sendOrder("order B (fail-once)");

        await().atMost(TIMEOUT).until(() -> attempts("order B (fail-once)").size() == 2);
        List<Delivery> attempts = attempts("order B (fail-once)");
        assertThat(attempts.get(0)).isEqualTo(new Delivery("orders", "order B (fail-once)", false, 1)); // threw
        assertThat(attempts.get(1)).isEqualTo(new Delivery("orders", "order B (fail-once)", true, 2));  // committed
        // the second attempt committed: the message is gone from the queue and does not come back
        await().atMost(TIMEOUT).until(() -> broker.queueDepth(OrderListener.QUEUE) == 0);
        assertThat(attempts("order B (fail-once)")).hasSize(2);
    }

    @Test
    @Order(3)
    void durableTopicSubscriberReceivesNews() throws Exception {
        DemoRunner.awaitSubscribed(listeners, "news"); // a topic keeps nothing for subscriptions not yet created
        sender.publishNews("news C");

        Delivery delivery = awaitDelivery("news", "news C");
        assertThat(delivery.redelivered()).isFalse();
    }

    @Test
    @Order(4)
    void requestReply() throws Exception {
        assertThat(sender.requestQuote("tea")).isEqualTo("price of tea: 30 EUR");
    }

    @Test
    @Order(5)
    void listenersResumeAfterTheBrokerRestarts() throws Exception {
        awaitDelivery("orders", sendOrder("before restart"));

        // Stop the broker: every client connection fails. Start a new one on the same port; the listener
        // containers notice the failure and reconnect every letterbox.recovery-interval until it is back.
        int port = broker.port();
        broker.close();
        broker = LetterboxBroker.builder().port(port).start();

        awaitDelivery("orders", sendOrder("after restart"));
        assertThat(sender.requestQuote("coffee")).isEqualTo("price of coffee: 60 EUR");
        // the in-memory broker forgot the durable subscription; the container has created it again
        await().atMost(TIMEOUT).untilAsserted(() -> {
            sender.publishNews("news after restart");
            assertThat(inbox.find("news", "news after restart")).isPresent();
        });
    }

    private String sendOrder(String order) {
        sender.sendOrder(order);
        return order;
    }

    private Delivery awaitDelivery(String listener, String body) {
        return await().atMost(TIMEOUT).until(() -> inbox.find(listener, body), found -> found.isPresent()).get();
    }

    private List<Delivery> attempts(String body) {
        return inbox.deliveries(d -> d.listener().equals("orders") && d.body().equals(body));
    }
}
