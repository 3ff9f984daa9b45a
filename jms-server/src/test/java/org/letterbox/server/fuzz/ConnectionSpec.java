package org.letterbox.server.fuzz;

import java.util.SplittableRandom;

/**
 * Fuzz connection number {@code index} of a run: its own seed and scenario, derived from the run's seed and the
 * index alone, so any one connection can be replayed by itself ({@code -Dletterbox.fuzz.only=index}).
 */
record ConnectionSpec(int index, long seed, Scenario scenario) {

    static ConnectionSpec of(long runSeed, int index) {
        long seed = new SplittableRandom(runSeed ^ (0x9E3779B97F4A7C15L * (index + 1))).nextLong();
        return new ConnectionSpec(index, seed, Scenario.pick(new FuzzRandom(seed ^ 0x5DEECE66DL)));
    }

    @Override
    public String toString() {
        return "connection #" + index + " (" + scenario + ", seed " + seed + ")";
    }
}
