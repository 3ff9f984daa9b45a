package org.letterbox.server.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Broker misbehaviour that fuzz connections saw themselves (a frame answered as an internal failure, a protocol error
 * that did not close the connection, ...): per check, how often and the first connection that saw it, to replay.
 */
final class Findings {
    private record Tally(int count, String firstExample) {
    }

    private final Map<String, Tally> tallies = new LinkedHashMap<>();

    synchronized void add(String check, ConnectionSpec spec, String detail) {
        tallies.merge(check, new Tally(1, spec + ": " + detail),
                (old, one) -> new Tally(old.count() + 1, old.firstExample()));
    }

    synchronized List<String> describe() {
        List<String> lines = new ArrayList<>();
        tallies.forEach((check, tally) -> lines.add(check + " (" + tally.count() + "x; first " + tally.firstExample() + ")"));
        return lines;
    }
}
