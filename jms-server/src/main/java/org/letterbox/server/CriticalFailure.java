package org.letterbox.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * What happens when the broker cannot trust itself any more: an {@link Error} (out of memory, stack overflow) or an
 * unexpected exception on a thread the broker depends on (its event loop, the journal syncer), a broker thread stuck
 * for too long, or a failed fsync. Carrying on would leave a zombie: a port that accepts connections and never
 * answers, state half changed. So it logs one FATAL line and, per {@link Policy}, halts the process (the standalone
 * broker: a supervisor, systemd or Kubernetes, or the cluster takes over) or stops this broker (embedded: the
 * application decides). Only the first failure acts; later ones are logged.
 */
public final class CriticalFailure {
    private static final Logger LOG = LoggerFactory.getLogger(CriticalFailure.class);
    /** The exit status of a halted broker (EX_SOFTWARE). */
    public static final int EXIT_STATUS = 70;

    public enum Policy {
        /** {@code Runtime.halt}: no shutdown hooks, nothing more is written (the journal is consistent as it is). */
        HALT,
        /** Stop this broker (clients are disconnected), keep the JVM. */
        STOP
    }

    /** Said when the heap is too full to build the real line. */
    /**
     * A real object made at class loading, not a constant: a string literal is only made the first time the code that
     * names it runs, and with the heap full even that fails.
     */
    private static final String FALLBACK_LINE = String.valueOf(new StringBuilder(
            "FATAL: the broker failed (out of memory); the broker halts (exit status ").append(EXIT_STATUS).append(')'));
    /** The same line as bytes, and stderr unbuffered: printing a String needs heap to encode it, writing these not. */
    private static final byte[] FALLBACK_BYTES = (FALLBACK_LINE + System.lineSeparator())
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final java.io.FileOutputStream STDERR = new java.io.FileOutputStream(java.io.FileDescriptor.err);
    private static final String THREAD_DIED = "a thread of the broker died of an Error";

    private final Policy policy;
    private final Runnable stop;
    private boolean failed; // guarded by this: a monitor, not an atomic, whose first use would allocate
    private volatile String reason;

    /** @param stop stops the broker (used with {@link Policy#STOP}); must not wait for the broker's own threads */
    public CriticalFailure(Policy policy, Runnable stop) {
        this.policy = policy;
        this.stop = stop;
        line("start", new Error()); // loads what building the line needs while memory is plentiful
    }

    public Policy policy() {
        return policy;
    }

    /** Whether the broker failed, and why (null if it did not). */
    public String reason() {
        return reason;
    }

    /** The broker cannot go on: {@code where} names what failed. Returns (with STOP) or never returns (HALT). */
    public void failed(String where, Throwable cause) {
        boolean first;
        synchronized (this) {
            first = !failed;
            failed = true;
        }
        if (!first) {
            try {
                LOG.error("after the broker failed: {}: {}", where, String.valueOf(cause));
            } catch (Throwable ignored) {
                // out of memory: the first failure said what matters
            }
            return;
        }
        try {
            String line = line(where, cause);
            reason = line.substring(FATAL.length(), line.lastIndexOf(';'));
            System.err.println(line);
            System.err.flush();
            LOG.error(line, cause);
        } catch (Throwable outOfMemory) {
            // building or logging the line failed (the heap is full): a line made in advance still says it
            writeFallbackLine();
        } finally {
            if (policy == Policy.HALT) {
                Runtime.getRuntime().halt(EXIT_STATUS);
            }
        }
        try {
            Thread stopper = new Thread(stop, "letterbox-critical-stop");
            stopper.setDaemon(true);
            stopper.start();
        } catch (Throwable e) {
            stop.run(); // no thread to be had: stop from here
        }
    }

    private static final String FATAL = "FATAL: ";

    private static void writeFallbackLine() {
        writeFallbackLine(FALLBACK_BYTES.length);
    }

    /** Writes the first {@code length} bytes of the fallback line (0 in a rehearsal: the same code, nothing shown). */
    private static void writeFallbackLine(int length) {
        try {
            STDERR.write(FALLBACK_BYTES, 0, length);
        } catch (Throwable ignored) {
            // nothing can be printed: the exit status still says it
        }
    }

    /**
     * The FATAL line, built with a plain StringBuilder: string concatenation is linked on first use, which can itself
     * fail for lack of memory at the worst moment (the constructor builds one line so that everything is loaded).
     */
    private String line(String where, Throwable cause) {
        StringBuilder line = new StringBuilder(160).append(FATAL).append(where);
        if (cause != null) {
            line.append(": ").append(cause);
        }
        line.append("; the broker ");
        if (policy == Policy.HALT) {
            line.append("halts (exit status ").append(EXIT_STATUS).append(')');
        } else {
            line.append("stops");
        }
        return line.toString();
    }

    /**
     * For the standalone broker: a thread of the JVM that dies of an {@link Error} (Netty's own loop catches what its
     * tasks throw, but a thread can still die of it, leaving the broker half alive) is a critical failure too.
     */
    public void watchEveryThread() {
        ThreadDeaths handler = new ThreadDeaths();
        handler.handle(null, new OutOfMemoryError("rehearsal"), true);
        Thread.setDefaultUncaughtExceptionHandler(handler);
    }

    /**
     * Halts when a thread dies of an Error. With the heap full, even the first run of a piece of code can fail (it
     * links what it names, and that allocates), so every step is rehearsed once at start, short of printing and halting.
     */
    private final class ThreadDeaths implements Thread.UncaughtExceptionHandler {
        @Override
        public void uncaughtException(Thread thread, Throwable error) {
            handle(thread, error, false);
        }

        void handle(Thread thread, Throwable error, boolean rehearsal) {
            if (error instanceof VirtualMachineError && policy == Policy.HALT) {
                if (rehearsal) {
                    writeFallbackLine(0);
                    return;
                }
                try {
                    writeFallbackLine();
                } finally {
                    Runtime.getRuntime().halt(EXIT_STATUS);
                }
            }
            if (rehearsal) {
                return;
            }
            if (error instanceof Error) {
                failed(THREAD_DIED, error);
            } else {
                try {
                    LOG.error("thread {} died", thread.getName(), error);
                } catch (Throwable ignored) {
                    // nothing more to do
                }
            }
        }
    }

    /** Whether {@code t} means the broker thread's state cannot be trusted (as opposed to one bad request). */
    public static boolean isFatal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Error) {
                return true;
            }
        }
        return false;
    }

    /** {@code task}, with anything it throws treated as a critical failure (for the broker's own timers and hand-offs). */
    public Runnable guard(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                failed(what, t);
            }
        };
    }
}
