package org.letterbox.examples.wildfly;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;

import java.util.ArrayList;
import java.util.List;

/** What {@link OrderMdb} received, in arrival order, for {@link ReceivedServlet} to show. */
@Singleton
public class Inbox {

    private final List<String> received = new ArrayList<>();

    @Lock(LockType.WRITE)
    public void add(String text) {
        received.add(text);
    }

    @Lock(LockType.READ)
    public List<String> received() {
        return List.copyOf(received);
    }
}
