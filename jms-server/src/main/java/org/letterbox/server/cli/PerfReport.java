package org.letterbox.server.cli;

import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.util.Locale;

/** The figures of a perf round and the verdict: every expected delivery arrived exactly once. */
record PerfReport(PerfPlan plan, int count, long sent, long received, long expectedDeliveries,
                  long sendNanos, long receiveNanos, Histogram latency,
                  long lost, long duplicates, long unexpected, long outOfOrder, long strays,
                  String lostSample, String failure) {

    /** True when the round finished and nothing was lost, duplicated or unexpected. */
    boolean verified() {
        return failure == null && lost == 0 && duplicates == 0 && unexpected == 0;
    }

    double sendRate() {
        return rate(sent, sendNanos);
    }

    double receiveRate() {
        return rate(received, receiveNanos);
    }

    /** Payload MiB/s received. */
    double receiveMiBPerSecond() {
        return rate(received, receiveNanos) * plan.size() / (1024.0 * 1024.0);
    }

    private static double rate(long messages, long nanos) {
        return nanos <= 0 ? 0 : messages * 1e9 / nanos;
    }

    /** Microseconds at a percentile of the end-to-end latency. */
    double latencyMicros(double percentile) {
        return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxLatencyMicros() {
        return latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1000.0;
    }

    String describePlan() {
        StringBuilder text = new StringBuilder(plan.destinationLabel())
                .append(" at ").append(plan.url())
                .append(", ").append(plural(plan.producers(), "producer"))
                .append(", ").append(plural(plan.consumers(), "consumer"))
                .append(", ").append(count).append(" x ").append(plan.size()).append(" B BytesMessage")
                .append(plan.persistent() ? ", persistent" : ", non-persistent")
                .append(plan.async() ? ", async sends (max " + plan.maxInFlight() + " in flight)" : ", sync sends");
        if (plan.transacted()) {
            text.append(", transacted batches of ").append(plan.transactedBatch());
        }
        return text.toString();
    }

    /** The verification line: {@code verified: N messages, 0 lost, 0 duplicates} or the failure's counts. */
    String verdict() {
        String counts = String.format(Locale.ROOT, "%d messages, %d lost, %d duplicates", expectedDeliveries, lost, duplicates);
        if (unexpected > 0) {
            counts += ", " + unexpected + " unexpected";
        }
        if (plan.topic() && plan.consumers() > 1) {
            counts += " (" + count + " sent x " + plan.consumers() + " subscriptions)";
        }
        return (verified() ? "verified: " : "verification FAILED: ") + counts;
    }

    void print(PrintWriter out) {
        out.println("Letterbox perf: " + describePlan());
        out.printf(Locale.ROOT, "messages sent:       %d%n", sent);
        out.printf(Locale.ROOT, "messages received:   %d%n", received);
        out.printf(Locale.ROOT, "duration:            %.3f s%n", receiveNanos / 1e9);
        out.printf(Locale.ROOT, "send throughput:     %.0f msg/s%n", sendRate());
        out.printf(Locale.ROOT, "receive throughput:  %.0f msg/s%n", receiveRate());
        out.printf(Locale.ROOT, "receive bandwidth:   %.2f MiB/s%n", receiveMiBPerSecond());
        out.printf(Locale.ROOT, "latency (us):        p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                latencyMicros(50), latencyMicros(90), latencyMicros(99), latencyMicros(99.9), maxLatencyMicros());
        if (outOfOrder > 0) {
            out.println("warning: " + outOfOrder + " messages arrived after a later message of the same producer");
        }
        if (strays > 0) {
            out.println("note: skipped " + strays + " messages left on the destination by another run");
        }
        if (failure != null) {
            out.println("FAILED: " + failure);
        }
        if (lost > 0 && !lostSample.isEmpty()) {
            out.println("first lost: " + lostSample);
        }
        out.println(verdict());
        out.flush();
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
