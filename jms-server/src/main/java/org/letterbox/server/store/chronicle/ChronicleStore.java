package org.letterbox.server.store.chronicle;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.letterbox.server.CriticalFailure;
import org.letterbox.server.store.FsyncPolicy;
import org.letterbox.server.store.JournaledStore;

import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * The broker's single-node store: a {@link JournaledStore} over a {@link ChronicleRecordLog} in {@code DIR/journal}.
 * Opening, roll cycles, block size and Chronicle's settings live here; the journal's meaning lives in the store.
 */
public final class ChronicleStore {
    static {
        disableChronicleAnalytics();
    }

    /** Journal files roll hourly unless told otherwise (a settled hour's file is then deleted). */
    public static final RollCycle DEFAULT_ROLL_CYCLE = RollCycles.FAST_HOURLY;
    private static final int DEFAULT_MAX_FRAME_SIZE = 64 * 1024 * 1024;

    private ChronicleStore() {
    }

    /** The broker must never contact an outside host: set before any Chronicle class initialises. */
    public static void disableChronicleAnalytics() {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
    }

    /**
     * Opens (creating if needed) the journal under {@code dataDirectory}; completions run on {@code brokerThread}.
     * @throws IllegalStateException when another broker holds the directory
     */
    public static JournaledStore open(Path dataDirectory, FsyncPolicy fsync, Executor brokerThread) {
        return open(dataDirectory, fsync, brokerThread, null);
    }

    /** As {@link #open(Path, FsyncPolicy, Executor)}, with the journal's roll cycle (null: {@link #DEFAULT_ROLL_CYCLE}). */
    public static JournaledStore open(Path dataDirectory, FsyncPolicy fsync, Executor brokerThread, RollCycle rollCycle) {
        return open(dataDirectory, fsync, brokerThread, rollCycle, DEFAULT_MAX_FRAME_SIZE,
                new CriticalFailure(CriticalFailure.Policy.STOP, () -> { }), Runtime.getRuntime().maxMemory() / 8);
    }

    /**
     * As {@link #open(Path, FsyncPolicy, Executor, RollCycle)}: the journal takes messages as large as fit in a frame of
     * {@code maxFrameSize} bytes, a failed fsync is a {@code critical} failure, and a replay keeps up to
     * {@code replayKeepBytes} of message bytes in memory (the rest is read back when wanted).
     */
    public static JournaledStore open(Path dataDirectory, FsyncPolicy fsync, Executor brokerThread, RollCycle rollCycle,
                                      int maxFrameSize, CriticalFailure critical, long replayKeepBytes) {
        ChronicleRecordLog log = new ChronicleRecordLog(dataDirectory, fsync, brokerThread,
                rollCycle != null ? rollCycle : DEFAULT_ROLL_CYCLE, blockSizeFor(maxFrameSize), critical);
        return new JournaledStore(log, replayKeepBytes);
    }

    /**
     * The journal's mapping block size for messages up to {@code maxFrameSize}: Chronicle takes a record of at most a
     * quarter of a block, so a block holds four of the largest records (a frame's message plus the record header and
     * its bindings, within a mebibyte), and never less than Chronicle's own default of 64 MiB. Blocks are mapped
     * lazily and the file is sparse: a larger block costs address space, not disk or memory.
     */
    static long blockSizeFor(int maxFrameSize) {
        long record = (long) maxFrameSize + 1024 * 1024;
        long mebibytes = (4 * record + (1 << 20) - 1) >> 20;
        return Math.max(64L << 20, mebibytes << 20);
    }

    /** A roll cycle by name: a constant of {@link RollCycles} (e.g. FAST_HOURLY, FAST_DAILY) or TEST_SECONDLY. */
    public static RollCycle rollCycle(String name) {
        String n = name.strip().toUpperCase(java.util.Locale.ROOT);
        for (RollCycles c : RollCycles.values()) {
            if (c.name().equals(n)) {
                return c;
            }
        }
        for (TestRollCycles c : TestRollCycles.values()) {
            if (c.name().equals(n)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown journal roll cycle '" + name + "' (e.g. FAST_HOURLY, FAST_DAILY, TEST_SECONDLY)");
    }
}
