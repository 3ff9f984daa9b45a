package org.letterbox.server.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's thread count and resident memory, from {@code /proc/PID/status} (Linux); null once it is gone. */
record ProcessStatus(int threads, long rssKb) {

    static ProcessStatus of(long pid) {
        try {
            int threads = -1;
            long rssKb = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring(8).trim());
                } else if (line.startsWith("VmRSS:")) {
                    rssKb = Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
            return threads < 0 ? null : new ProcessStatus(threads, rssKb);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
