package org.letterbox.server.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the broker wrote to stderr over a fuzz run: its size, its WARN/ERROR lines grouped by message (digits
 * blanked, so one defect is one group), and the exceptions whose stack traces it printed. A stack trace means an
 * exception reached a catch-all: for input from a client, that is a broker defect.
 */
record BrokerLog(long bytes, int lines, int warnings, int stackTraces, Map<String, Integer> messages,
                 Map<String, Integer> exceptions) {
    private static final long MAX_SCANNED_BYTES = 256L << 20;

    static BrokerLog read(Path file) throws IOException {
        Map<String, Integer> messages = new HashMap<>();
        Map<String, Integer> exceptions = new HashMap<>();
        int lines = 0;
        int warnings = 0;
        int stackTraces = 0;
        long scanned = 0;
        if (Files.exists(file)) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String previous = null;
                boolean inTrace = false;
                String line;
                while ((line = in.readLine()) != null && scanned < MAX_SCANNED_BYTES) {
                    scanned += line.length() + 1;
                    lines++;
                    boolean frame = line.startsWith("\tat ");
                    if (frame && !inTrace && previous != null) {
                        stackTraces++;
                        exceptions.merge(template(previous), 1, Integer::sum);
                    }
                    inTrace = frame || (inTrace && (line.startsWith("Caused by") || line.startsWith("\t...")));
                    if (line.contains(" WARN ") || line.contains(" ERROR ")) {
                        warnings++;
                        messages.merge(template(line), 1, Integer::sum);
                    }
                    previous = line;
                }
            }
        }
        return new BrokerLog(Files.exists(file) ? Files.size(file) : 0, lines, warnings, stackTraces, messages, exceptions);
    }

    /** A log line with its numbers and addresses blanked and its length capped. */
    private static String template(String line) {
        String text = line.replaceAll("\\d+", "#");
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** The {@code limit} most frequent entries of a tally, most frequent first. */
    static List<String> top(Map<String, Integer> tally, int limit) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(tally.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, entries.size()); i++) {
            out.add(entries.get(i).getValue() + "x " + entries.get(i).getKey());
        }
        return out;
    }
}
