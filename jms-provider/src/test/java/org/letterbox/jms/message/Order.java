package org.letterbox.jms.message;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An application's serializable payload for ObjectMessage tests. */
final class Order implements Serializable {
    private static final long serialVersionUID = 1L;

    final String id;
    final List<String> lines = new ArrayList<>();

    Order(String id) {
        this.id = id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Order other && other.id.equals(id) && other.lines.equals(lines);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, lines);
    }
}
