package org.letterbox.examples.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jms.config.JmsListenerEndpointRegistry;
import org.springframework.jms.listener.DefaultMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Sends a few messages when the app starts, so running it shows every listener at work. The app then keeps
 * running and listening until stopped (Ctrl+C). Turned off with {@code letterbox.demo=false} (the tests do).
 */
@Component
@ConditionalOnProperty(name = "letterbox.demo", havingValue = "true", matchIfMissing = true)
public class DemoRunner implements CommandLineRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DemoRunner.class);

    private final Sender sender;
    private final JmsListenerEndpointRegistry listeners;

    public DemoRunner(Sender sender, JmsListenerEndpointRegistry listeners) {
        this.sender = sender;
        this.listeners = listeners;
    }

    @Override
    public void run(String... args) throws Exception {
        sender.sendOrder("order #1: 2 x coffee");
        sender.sendOrder("order #2: 1 x tea (fail-once)");   // fails once, then is redelivered

        // A topic only keeps messages for subscriptions that exist. Listener containers connect in the
        // background, so on the very first run wait until the durable subscription has been created.
        awaitSubscribed(listeners, "news");
        sender.publishNews("Letterbox speaks Spring");

        LOG.info("Reply: {}", sender.requestQuote("coffee"));
    }

    /** Waits (up to 10 s) until the listener container with this id has its consumer registered at the broker. */
    static void awaitSubscribed(JmsListenerEndpointRegistry listeners, String id) throws InterruptedException {
        DefaultMessageListenerContainer container = (DefaultMessageListenerContainer) listeners.getListenerContainer(id);
        for (int i = 0; i < 100 && !container.isRegisteredWithDestination(); i++) {
            Thread.sleep(100);
        }
    }
}
