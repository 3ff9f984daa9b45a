package org.letterbox.server.util;

import org.slf4j.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Log lines about what clients send, rate-limited per kind: at most {@code perMinute} lines of one kind a minute; the
 * rest are counted and the next line that gets through says how many were left out. One client flooding the broker
 * with bad frames cannot flood its log. A stack trace is kept for the first line of each kind only.
 */
public final class ThrottledLog {
    private static final long MINUTE_MILLIS = 60_000;

    private final Logger log;
    private final int perMinute;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        long start;
        int logged;
        long suppressed;
        boolean tracePrinted;
    }

    public ThrottledLog(Logger log, int perMinute) {
        this(log, perMinute, System::currentTimeMillis);
    }

    /** With the clock (epoch millis) that decides when a minute has passed. */
    public ThrottledLog(Logger log, int perMinute, LongSupplier clock) {
        this.log = log;
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Logs at WARN unless this kind already logged {@code perMinute} lines this minute. */
    public void warn(String kind, String message) {
        warn(kind, message, null);
    }

    /** As {@link #warn(String, String)}; {@code cause} is printed with its stack trace the first time for this kind. */
    public synchronized void warn(String kind, String message, Throwable cause) {
        long now = clock.getAsLong();
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        if (now - window.start >= MINUTE_MILLIS) {
            window.start = now;
            window.logged = 0;
        }
        if (window.logged >= perMinute) {
            window.suppressed++;
            return;
        }
        window.logged++;
        String line = window.suppressed == 0 ? message
                : message + " (" + window.suppressed + " more like this in the last minute were not logged)";
        window.suppressed = 0;
        if (cause != null && !window.tracePrinted) {
            window.tracePrinted = true;
            log.warn(line, cause);
        } else if (cause != null) {
            log.warn("{}: {}", line, cause.toString());
        } else {
            log.warn(line);
        }
    }

    /** Lines of that kind left out so far in the current minute (for tests). */
    public synchronized long suppressed(String kind) {
        Window window = windows.get(kind);
        return window == null ? 0 : window.suppressed;
    }
}
