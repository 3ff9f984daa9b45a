package org.letterbox.server.store.crash;

import jakarta.jms.JMSException;

import java.util.List;

/**
 * One kind of client traffic the crash test runs against the broker process, the same in every run between
 * two kills, and the rules it must keep across them. Workloads run side by side against one broker.
 */
public interface CrashWorkload {
    /** Starts this run's clients (connections and threads from {@code clients}) against a freshly started broker. */
    void start(String url, ClientThreads clients) throws JMSException;

    /** After the last kill, against a broker that stays up: receives everything left. */
    void drain(String url) throws JMSException;

    /** Every rule broken over all runs and the drain; empty when all held. */
    List<String> violations();

    /** Sends the broker confirmed over all runs (to show the workload got work done between kills). */
    int confirmed();

    /** What happened, in figures, for the test's output. */
    String figures();
}
