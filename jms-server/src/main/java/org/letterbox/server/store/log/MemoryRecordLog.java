package org.letterbox.server.store.log;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A {@link RecordLog} in memory, for tests: records are durable as soon as they are appended, segments hold a fixed
 * number of records, and the data outlives the store that used it, so a broker started again on the same instance
 * replays it as it would a journal on disk (a restart in one JVM, without files).
 */
public final class MemoryRecordLog implements RecordLog {
    private final int recordsPerSegment;
    private final TreeMap<Long, byte[]> records = new TreeMap<>();
    private final String identity = UUID.randomUUID().toString();
    private long lastPosition;
    private int firstKeptSegment;
    private long releasedSegments;

    /** @param recordsPerSegment how many records a segment holds (small ones make reclaim easy to watch) */
    public MemoryRecordLog(int recordsPerSegment) {
        if (recordsPerSegment < 1) {
            throw new IllegalArgumentException("a segment holds at least one record");
        }
        this.recordsPerSegment = recordsPerSegment;
    }

    @Override
    public long append(byte[] head, int headLength, byte[] tail) {
        int tailLength = tail == null ? 0 : tail.length;
        byte[] record = new byte[headLength + tailLength];
        System.arraycopy(head, 0, record, 0, headLength);
        if (tail != null) {
            System.arraycopy(tail, 0, record, headLength, tailLength);
        }
        records.put(++lastPosition, record);
        return lastPosition;
    }

    @Override
    public void whenDurable(Runnable task) {
        task.run();
    }

    @Override
    public byte[] read(long position) {
        byte[] record = records.get(position);
        if (record == null) {
            throw new IllegalStateException("record " + position + " is not in the log");
        }
        return record.clone();
    }

    @Override
    public void replay(Reader reader) {
        for (Map.Entry<Long, byte[]> entry : records.entrySet()) {
            byte[] bytes = entry.getValue();
            if (!reader.record(entry.getKey(), bytes.clone(), bytes.length)) {
                throw new IllegalStateException("record " + entry.getKey() + " of the memory log makes no sense");
            }
        }
    }

    @Override
    public int segmentOf(long position) {
        return (int) ((position - 1) / recordsPerSegment);
    }

    @Override
    public int currentSegment() {
        return segmentOf(lastPosition + 1);
    }

    @Override
    public void releaseSegmentsBefore(int segment) {
        int upTo = Math.min(segment, currentSegment());
        while (firstKeptSegment < upTo) {
            long from = (long) firstKeptSegment * recordsPerSegment + 1;
            records.subMap(from, from + recordsPerSegment).clear();
            firstKeptSegment++;
            releasedSegments++;
        }
    }

    @Override
    public long releasedSegments() {
        return releasedSegments;
    }

    /** Records kept now (for tests). */
    public int size() {
        return records.size();
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public String describe() {
        return "journaled store in memory (" + recordsPerSegment + " records a segment)";
    }

    /** Keeps the records: a store opened on this log again replays them. */
    @Override
    public void close() {
    }
}
