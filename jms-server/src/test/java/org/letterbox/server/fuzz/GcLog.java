package org.letterbox.server.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The broker's heap as its {@code -Xlog:gc} file tells it: the largest live heap left after a collection. */
record GcLog(int collections, int fullCollections, long maxAfterGcMb) {
    private static final Pattern PAUSE = Pattern.compile("Pause (\\w+).* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    static GcLog read(Path file) throws IOException {
        int collections = 0;
        int full = 0;
        long maxAfter = 0;
        if (Files.exists(file)) {
            try (BufferedReader in = Files.newBufferedReader(file)) {
                String line;
                while ((line = in.readLine()) != null) {
                    Matcher m = PAUSE.matcher(line);
                    if (m.find()) {
                        collections++;
                        if (m.group(1).equals("Full")) {
                            full++;
                        }
                        maxAfter = Math.max(maxAfter, Long.parseLong(m.group(3)));
                    }
                }
            }
        }
        return new GcLog(collections, full, maxAfter);
    }
}
