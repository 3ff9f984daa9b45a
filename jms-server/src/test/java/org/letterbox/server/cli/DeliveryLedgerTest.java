package org.letterbox.server.cli;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeliveryLedgerTest {

    @Test
    void everyMessageOnceIsComplete() {
        DeliveryLedger ledger = new DeliveryLedger(new int[] {100, 65});
        for (int p = 0; p < 2; p++) {
            for (int seq = 0; seq < (p == 0 ? 100 : 65); seq++) {
                assertEquals(DeliveryLedger.Outcome.FIRST, ledger.record(p, seq));
            }
        }
        assertEquals(165, ledger.expectedTotal());
        assertEquals(165, ledger.distinct());
        assertEquals(0, ledger.lost());
        assertEquals(0, ledger.duplicates());
        assertEquals(0, ledger.unexpected());
        assertEquals("", ledger.lostSample(10));
    }

    @Test
    void missingMessagesAreLostAndListed() {
        DeliveryLedger ledger = new DeliveryLedger(new int[] {70, 3});
        for (int seq = 0; seq < 70; seq++) {
            if (seq != 63 && seq != 64) {
                ledger.record(0, seq);
            }
        }
        ledger.record(1, 1);
        assertEquals(4, ledger.lost());
        assertEquals("producer 0 seq 63, 64; producer 1 seq 0, 2", ledger.lostSample(10));
        assertEquals("producer 0 seq 63, 64; producer 1 seq 0", ledger.lostSample(3));
    }

    @Test
    void aSecondDeliveryIsADuplicate() {
        DeliveryLedger ledger = new DeliveryLedger(new int[] {10});
        ledger.record(0, 5);
        assertEquals(DeliveryLedger.Outcome.DUPLICATE, ledger.record(0, 5));
        assertEquals(1, ledger.duplicates());
        assertEquals(9, ledger.lost());
    }

    @Test
    void idsOutsideThePlanAreUnexpected() {
        DeliveryLedger ledger = new DeliveryLedger(new int[] {10});
        assertEquals(DeliveryLedger.Outcome.UNEXPECTED, ledger.record(1, 0));
        assertEquals(DeliveryLedger.Outcome.UNEXPECTED, ledger.record(0, 10));
        assertEquals(DeliveryLedger.Outcome.UNEXPECTED, ledger.record(-1, 0));
        assertEquals(3, ledger.unexpected());
    }

    @Test
    void concurrentConsumersOfAQueueShareOneLedger() throws Exception {
        int n = 200_000;
        DeliveryLedger ledger = new DeliveryLedger(new int[] {n});
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int parity = t;
                parts.add(pool.submit(() -> {
                    for (int seq = parity; seq < n; seq += 2) {
                        ledger.record(0, seq);
                    }
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(0, ledger.lost());
        assertEquals(0, ledger.duplicates());
    }
}
