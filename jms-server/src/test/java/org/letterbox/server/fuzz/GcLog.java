package org.letterbox.server.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's heap as its {@code -Xlog:gc} file tells it. A young collection leaves old garbage in place, so what
 * it leaves is not the live heap; a full one (the watcher causes one every few seconds, see {@link BrokerWatch})
 * leaves exactly the live heap. {@code maxLiveMb} is the largest heap left by a full collection, or by any if there
 * was none.
 */
record GcLog(int collections, int fullCollections, long maxLiveMb, long maxAfterYoungMb) {
    private static final Pattern PAUSE = Pattern.compile("Pause (\\w+).* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    static GcLog read(Path file) throws IOException {
        int collections = 0;
        int full = 0;
        long maxAfterFull = 0;
        long maxAfterYoung = 0;
        if (Files.exists(file)) {
            try (BufferedReader in = Files.newBufferedReader(file)) {
                String line;
                while ((line = in.readLine()) != null) {
                    Matcher m = PAUSE.matcher(line);
                    if (m.find()) {
                        collections++;
                        long after = Long.parseLong(m.group(3));
                        if (m.group(1).equals("Full")) {
                            full++;
                            maxAfterFull = Math.max(maxAfterFull, after);
                        } else {
                            maxAfterYoung = Math.max(maxAfterYoung, after);
                        }
                    }
                }
            }
        }
        return new GcLog(collections, full, full > 0 ? maxAfterFull : maxAfterYoung, maxAfterYoung);
    }
}
