package org.letterbox.server.store.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link RecordLog} must do, whatever keeps its records: each implementation's test extends this and says
 * how to open (and open again) its log. Everything runs on one owner thread, as in the broker.
 */
public abstract class RecordLogContract {
    /** The owner's thread: the log's methods are called, and its completions run, here. */
    protected final ExecutorService owner = Executors.newSingleThreadExecutor(r -> new Thread(r, "log-owner"));
    private RecordLog log;

    /** A new (or, the second time, the same) log, with completions on {@code owner}. */
    protected abstract RecordLog open() throws Exception;

    /** Waits until the log's next append goes to a later segment than {@code segment}. */
    protected abstract void passSegment(RecordLog log, int segment) throws Exception;

    @AfterEach
    void closeLog() throws Exception {
        if (log != null) {
            on(() -> {
                log.close();
                return null;
            });
        }
        owner.shutdownNow();
    }

    protected <T> T on(Callable<T> task) throws Exception {
        return owner.submit(task).get(30, TimeUnit.SECONDS);
    }

    private RecordLog opened() throws Exception {
        log = on(this::open);
        return log;
    }

    private RecordLog reopened() throws Exception {
        on(() -> {
            log.close();
            return null;
        });
        log = null;
        return opened();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private long append(String head, String tail) throws Exception {
        byte[] h = bytes(head + "#padding-the-array");
        return on(() -> log.append(h, head.length(), tail == null ? null : bytes(tail)));
    }

    private List<String> replayed(RecordLog target) throws Exception {
        List<String> seen = new ArrayList<>();
        on(() -> {
            target.replay((position, record, length) -> {
                seen.add(position + "=" + new String(record, 0, length, StandardCharsets.UTF_8));
                return true;
            });
            return null;
        });
        return seen;
    }

    @Test
    void aRecordReadsBackAsAppendedHeadThenTailAtAGrowingPosition() throws Exception {
        opened();
        long first = append("alpha", null);
        long second = append("beta:", "tail");
        assertTrue(second > first, first + " then " + second);
        assertArrayEquals(bytes("alpha"), on(() -> log.read(first)));
        assertArrayEquals(bytes("beta:tail"), on(() -> log.read(second)));
    }

    @Test
    void aPositionNeverWrittenCannotBeRead() throws Exception {
        opened();
        long first = append("one", null);
        assertThrows(IllegalStateException.class, () -> {
            try {
                on(() -> log.read(first + 1_000_000));
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause();
            }
        });
    }

    @Test
    void aReopenedLogReplaysEveryRecordInOrderWithItsPositionAndKeepsItsIdentity() throws Exception {
        opened();
        String identity = log.identity();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long position = append("record-" + i, i % 2 == 0 ? null : "+tail");
            expected.add(position + "=record-" + i + (i % 2 == 0 ? "" : "+tail"));
        }
        CountDownLatch durable = new CountDownLatch(1);
        on(() -> {
            log.whenDurable(durable::countDown);
            return null;
        });
        assertTrue(durable.await(10, TimeUnit.SECONDS));
        RecordLog again = reopened();
        assertEquals(expected, replayed(again));
        assertEquals(identity, again.identity(), "the identity is kept with the data");
        long next = append("after", null);
        assertTrue(next > Long.parseLong(expected.get(expected.size() - 1).split("=")[0]), "positions go on growing");
    }

    @Test
    void recordsAppendedInOneTurnAcrossSegmentsReplayAtThePositionsTheyWereGiven() throws Exception {
        opened();
        byte[] tail = new byte[100];
        List<String> expected = on(() -> {
            List<String> positions = new ArrayList<>();
            for (int i = 0; i < 40; i++) { // one task: a log that batches a turn's records gets them all at once
                tail[0] = (byte) i;
                long position = log.append(bytes("turn-" + i), ("turn-" + i).length(), tail);
                positions.add(position + "=" + i + "@" + log.segmentOf(position));
            }
            return positions;
        });
        CountDownLatch durable = new CountDownLatch(1);
        on(() -> {
            log.whenDurable(durable::countDown);
            return null;
        });
        assertTrue(durable.await(10, TimeUnit.SECONDS));
        RecordLog again = reopened();
        List<String> seen = new ArrayList<>();
        on(() -> {
            again.replay((position, record, length) -> {
                seen.add(position + "=" + record[length - 100] + "@" + again.segmentOf(position)); // tail[0] is i
                return true;
            });
            return null;
        });
        assertEquals(expected, seen);
    }

    @Test
    void durabilityWaitsRunOnTheOwnerInTheOrderAsked() throws Exception {
        opened();
        List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            int n = i;
            append("r" + i, null);
            on(() -> {
                log.whenDurable(() -> {
                    order.add(n);
                    threads.add(Thread.currentThread().getName());
                    done.countDown();
                });
                return null;
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(i);
        }
        assertEquals(expected, order);
        assertTrue(threads.stream().allMatch("log-owner"::equals), "completions run on the owner: " + threads);
    }

    @Test
    void releasedSegmentsAreGoneLaterOnesStayAndTheCurrentOneIsNeverReleased() throws Exception {
        opened();
        long old = append("old", null);
        int oldSegment = on(() -> log.segmentOf(old));
        passSegment(log, oldSegment);
        long kept = append("kept", null);
        int keptSegment = on(() -> log.segmentOf(kept));
        assertTrue(keptSegment > oldSegment);
        assertTrue(on(() -> log.currentSegment()) >= keptSegment);

        on(() -> {
            log.releaseSegmentsBefore(keptSegment);
            return null;
        });
        assertTrue(on(() -> log.releasedSegments()) >= 1);
        assertArrayEquals(bytes("kept"), on(() -> log.read(kept)));
        List<String> replay = replayed(reopened());
        assertEquals(List.of(kept + "=kept"), replay, "only what was not released is replayed");

        on(() -> {
            log.releaseSegmentsBefore(Integer.MAX_VALUE); // asks for everything: the current segment stays
            return null;
        });
        assertArrayEquals(bytes("kept"), on(() -> log.read(kept)));
    }

    @Test
    void segmentsOnlyGrowWithPositions() throws Exception {
        opened();
        int last = Integer.MIN_VALUE;
        for (int i = 0; i < 30; i++) {
            long position = append("s" + i, null);
            int segment = on(() -> log.segmentOf(position));
            assertTrue(segment >= last);
            last = segment;
        }
    }
}
