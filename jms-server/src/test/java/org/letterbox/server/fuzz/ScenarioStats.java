package org.letterbox.server.fuzz;

import java.util.EnumMap;
import java.util.Map;

/** Per scenario: how many runs, sockets, bytes out and frames back, to show what a fuzz run actually exercised. */
final class ScenarioStats {
    private static final class Row {
        int runs;
        int connections;
        long bytesSent;
        long framesReceived;
    }

    private final Map<Scenario, Row> rows = new EnumMap<>(Scenario.class);

    synchronized void add(Scenario scenario, int connections, long bytesSent, long framesReceived) {
        Row row = rows.computeIfAbsent(scenario, s -> new Row());
        row.runs++;
        row.connections += connections;
        row.bytesSent += bytesSent;
        row.framesReceived += framesReceived;
    }

    synchronized int connections() {
        return rows.values().stream().mapToInt(r -> r.connections).sum();
    }

    synchronized String table() {
        StringBuilder out = new StringBuilder(String.format("%-26s %6s %8s %12s %10s%n", "scenario", "runs", "sockets",
                "bytes sent", "frames in"));
        rows.forEach((scenario, row) -> out.append(String.format("%-26s %6d %8d %12d %10d%n", scenario, row.runs,
                row.connections, row.bytesSent, row.framesReceived)));
        return out.toString();
    }
}
