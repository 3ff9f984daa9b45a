package org.letterbox.server.fuzz;

import org.letterbox.protocol.DestinationRef;
import org.letterbox.protocol.DestinationRef.Kind;

/**
 * The destinations fuzz frames name: small fixed pools (so frames of different connections meet on the same queues,
 * topics, temporary destinations and subscriptions), odd names now and then, never the bystander's queue.
 */
final class FuzzDestinations {
    static final int QUEUES = 6;
    static final int TOPICS = 3;
    static final int TEMPORARIES = 8;
    static final int SUBSCRIPTIONS = 4;

    private FuzzDestinations() {
    }

    static DestinationRef queue(int i) {
        return new DestinationRef(Kind.QUEUE, "fuzz.q" + i);
    }

    static DestinationRef anyQueue(FuzzRandom random) {
        return queue(random.nextInt(QUEUES));
    }

    static DestinationRef temporary(FuzzRandom random) {
        Kind kind = random.chance(0.5) ? Kind.TEMP_QUEUE : Kind.TEMP_TOPIC;
        return new DestinationRef(kind, "fuzz.tmp" + random.nextInt(TEMPORARIES));
    }

    /** Null, a pooled queue/topic/temporary of any kind, an unknown name, an empty one, or an odd one. */
    static DestinationRef any(FuzzRandom random) {
        return switch (random.nextInt(10)) {
            case 0 -> null;
            case 1, 2, 3 -> anyQueue(random);
            case 4, 5 -> new DestinationRef(Kind.TOPIC, "fuzz.t" + random.nextInt(TOPICS));
            case 6, 7 -> temporary(random);
            case 8 -> new DestinationRef(random.pick(java.util.List.of(Kind.values())), "fuzz.unknown" + random.nextInt(20));
            default -> {
                String odd = random.oddString();
                yield new DestinationRef(random.pick(java.util.List.of(Kind.values())), odd == null ? "" : odd);
            }
        };
    }

    static String subscriptionName(FuzzRandom random) {
        return random.chance(0.85) ? "fuzz.sub" + random.nextInt(SUBSCRIPTIONS) : random.oddString();
    }

    /** A selector: none, valid, invalid, or hostile (deep nesting, very long). */
    static String selector(FuzzRandom random) {
        return switch (random.nextInt(12)) {
            case 0, 1, 2, 3 -> null;
            case 4 -> "";
            case 5 -> "n > 3";
            case 6 -> "color = 'red' AND n BETWEEN -5 AND 5";
            case 7 -> "n >";
            case 8 -> "(".repeat(random.between(1, 20_000));
            case 9 -> "NOT ".repeat(random.between(1, 20_000)) + "n = 1";
            case 10 -> "n = 1 OR ".repeat(random.between(1, 3000)) + "n = 2";
            default -> random.oddString();
        };
    }
}
