package org.letterbox.server.util;

import org.junit.jupiter.api.Test;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.event.Level;
import org.slf4j.Marker;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** At most N lines of a kind a minute, the rest counted and reported with the next line; one stack trace per kind. */
class ThrottledLogTest {

    /** Keeps what would have been logged. */
    static final class RecordingLogger extends AbstractLogger {
        final List<String> lines = new ArrayList<>();
        final List<Throwable> traces = new ArrayList<>();

        @Override protected String getFullyQualifiedCallerName() { return null; }
        @Override public boolean isTraceEnabled() { return true; }
        @Override public boolean isTraceEnabled(Marker marker) { return true; }
        @Override public boolean isDebugEnabled() { return true; }
        @Override public boolean isDebugEnabled(Marker marker) { return true; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isInfoEnabled(Marker marker) { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isWarnEnabled(Marker marker) { return true; }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public boolean isErrorEnabled(Marker marker) { return true; }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                                   Throwable throwable) {
            String line = pattern;
            if (args != null) {
                for (Object arg : args) {
                    line = line.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(String.valueOf(arg)));
                }
            }
            lines.add(line);
            traces.add(throwable);
        }
    }

    private long now = 1_000_000;

    @Test
    void aFloodOfOneKindIsCutToTheRateAndCountedInTheNextLine() {
        RecordingLogger logger = new RecordingLogger();
        ThrottledLog log = new ThrottledLog(logger, 3, () -> now);
        for (int i = 0; i < 1000; i++) {
            log.warn("bad-frame", "bad frame " + i);
        }
        assertEquals(3, logger.lines.size(), "a thousand in one minute, three logged");
        assertEquals(997, log.suppressed("bad-frame"));
        now += 60_000;
        log.warn("bad-frame", "bad frame again");
        assertEquals(4, logger.lines.size());
        assertTrue(logger.lines.get(3).contains("997 more like this"), logger.lines.get(3));
        assertEquals(0, log.suppressed("bad-frame"));
    }

    @Test
    void eachKindHasItsOwnRate() {
        RecordingLogger logger = new RecordingLogger();
        ThrottledLog log = new ThrottledLog(logger, 1, () -> now);
        log.warn("a", "first a");
        log.warn("a", "second a");
        log.warn("b", "first b");
        assertEquals(List.of("first a", "first b"), logger.lines);
    }

    @Test
    void onlyTheFirstLineOfAKindCarriesTheStackTrace() {
        RecordingLogger logger = new RecordingLogger();
        ThrottledLog log = new ThrottledLog(logger, 10, () -> now);
        RuntimeException cause = new IllegalStateException("boom");
        log.warn("npe", "failed", cause);
        log.warn("npe", "failed", cause);
        assertNotNull(logger.traces.get(0));
        assertNull(logger.traces.get(1), "no second stack trace");
        assertTrue(logger.lines.get(1).contains("boom"), "but the cause is named: " + logger.lines.get(1));
    }
}
