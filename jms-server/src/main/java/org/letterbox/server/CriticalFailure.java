package org.letterbox.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

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

    private final Policy policy;
    private final Runnable stop;
    private final AtomicBoolean failed = new AtomicBoolean();
    private volatile String reason;

    /** @param stop stops the broker (used with {@link Policy#STOP}); must not wait for the broker's own threads */
    public CriticalFailure(Policy policy, Runnable stop) {
        this.policy = policy;
        this.stop = stop;
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
        String line = "FATAL: " + where + (cause == null ? "" : ": " + cause) + "; the broker "
                + (policy == Policy.HALT ? "halts (exit status " + EXIT_STATUS + ")" : "stops");
        if (!failed.compareAndSet(false, true)) {
            LOG.error("after the broker failed: {}", line);
            return;
        }
        reason = where + (cause == null ? "" : ": " + cause);
        try {
            LOG.error(line, cause);
        } catch (Throwable logging) {
            // out of memory, the logger may fail too: stderr still says why
        }
        System.err.println(line);
        if (policy == Policy.HALT) {
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
        Thread stopper = new Thread(stop, "letterbox-critical-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** Whether {@code t} means the broker thread's state cannot be trusted (as opposed to one bad request). */
    public static boolean isFatal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Error) {
                return true;
            }
            if (c.getCause() == c) {
                break;
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
