package org.letterbox.examples.spring;

import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the listeners have processed, so the demo and the tests can see it. A real app would do its
 * business work (update a database, call a service) instead.
 */
@Component
public class Inbox {

    /** One delivery of a message to a listener (a redelivered message appears once per attempt). */
    public record Delivery(String listener, String body, boolean redelivered, int deliveryCount) {
    }

    private final List<Delivery> deliveries = new ArrayList<>();

    public synchronized void record(Delivery delivery) {
        deliveries.add(delivery);
    }

    public synchronized List<Delivery> deliveries(Predicate<Delivery> filter) {
        return deliveries.stream().filter(filter).toList();
    }

    public synchronized Optional<Delivery> find(String listener, String body) {
        return deliveries.stream().filter(d -> d.listener().equals(listener) && d.body().equals(body)).findFirst();
    }
}
