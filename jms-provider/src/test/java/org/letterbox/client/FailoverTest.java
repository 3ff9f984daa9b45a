package org.letterbox.client;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FailoverTest {
    @Test
    void theFirstRoundStartsAtOnceThenTheWaitDoublesUpToTheMaximum() {
        Failover f = new Failover(List.of(new Failover.Address("a", 1)), 1000, 10, 40);
        assertEquals(List.of(0L, 10L, 20L, 40L, 40L, 40L),
                java.util.stream.IntStream.range(0, 6).mapToObj(f::delayBefore).toList());
    }
}
