package org.letterbox.protocol;

import java.util.Objects;

/**
 * A destination as it travels on the wire and as the broker keys it: its kind and physical name.
 * Temporary destinations carry the kind TEMP_QUEUE/TEMP_TOPIC and a broker-unique name.
 */
public record DestinationRef(Kind kind, String name) {

    public enum Kind {
        QUEUE, TOPIC, TEMP_QUEUE, TEMP_TOPIC;

        private static final Kind[] VALUES = values();

        public static Kind of(int ordinal) {
            if (ordinal < 0 || ordinal >= VALUES.length) {
                throw new ProtocolException("unknown destination kind " + ordinal);
            }
            return VALUES[ordinal];
        }

        public boolean isQueueLike() {
            return this == QUEUE || this == TEMP_QUEUE;
        }

        public boolean isTemporary() {
            return this == TEMP_QUEUE || this == TEMP_TOPIC;
        }
    }

    public DestinationRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    public boolean isQueueLike() {
        return kind.isQueueLike();
    }

    public boolean isTemporary() {
        return kind.isTemporary();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + "://" + name;
    }
}
