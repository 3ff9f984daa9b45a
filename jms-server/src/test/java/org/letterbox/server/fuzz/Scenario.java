package org.letterbox.server.fuzz;

import java.io.IOException;

/** What a fuzz connection does, and how often a run picks it (weights out of their sum). */
enum Scenario {
    GARBAGE_BEFORE_HELLO(5, HandshakeScenarios::garbageBeforeHello),
    FRAME_BEFORE_HELLO(4, HandshakeScenarios::frameBeforeHello),
    BAD_HELLO(5, HandshakeScenarios::badHello),
    HELLO_THEN_GARBAGE(6, HandshakeScenarios::helloThenGarbage),
    SILENT(2, HandshakeScenarios::silent),
    VALID_FRAMES(25, FrameScenarios::validFrames),
    MUTATED_FRAMES(20, FrameScenarios::mutatedFrames),
    XA_FRAMES(6, FrameScenarios::xaFrames),
    DELETE_TEMP_NAMING_PLAIN(2, FrameScenarios::deleteTempNamingPlain),
    POISON_FOR_SELECTOR(4, ResourceScenarios::poisonForSelector),
    STOPS_READING(3, ResourceScenarios::stopsReading),
    LARGE_FRAMES(3, ResourceScenarios::largeFrames),
    CONNECTION_BURST(2, ResourceScenarios::connectionBurst);

    @FunctionalInterface
    interface Play {
        void play(FuzzContext context) throws IOException, InterruptedException;
    }

    private static final int TOTAL_WEIGHT = java.util.Arrays.stream(values()).mapToInt(s -> s.weight).sum();

    private final int weight;
    private final Play play;

    Scenario(int weight, Play play) {
        this.weight = weight;
        this.play = play;
    }

    void play(FuzzContext context) throws IOException, InterruptedException {
        play.play(context);
    }

    static Scenario pick(FuzzRandom random) {
        int roll = random.nextInt(TOTAL_WEIGHT);
        for (Scenario scenario : values()) {
            roll -= scenario.weight;
            if (roll < 0) {
                return scenario;
            }
        }
        throw new AssertionError();
    }
}
