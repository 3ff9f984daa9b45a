package org.letterbox.server.store.log;

/**
 * The log a {@link org.letterbox.server.store.JournaledStore} keeps its records in, and all it needs of one: append a
 * record and get its position, a durability barrier, read a record back by position, replay them all in order, and
 * release whole segments of old ones. What a record means is the store's business; how records are kept — a Chronicle
 * Queue on one node, memory in tests, a Raft log replicated over a cluster — is the log's. Like Artemis' split of its
 * {@code StorageManager} from its {@code Journal}.
 *
 * <p>Positions grow with each append and name a record as long as its segment is kept. Records are grouped in
 * segments (a Chronicle roll cycle, say): the store tells the log which segments it no longer needs, oldest first,
 * and the log may reclaim them. Every method is called on the owner's thread (the broker thread), and completions
 * run on it.
 */
public interface RecordLog extends AutoCloseable {

    /**
     * Appends one record, the first {@code headLength} bytes of {@code head} followed by {@code tail} (a message's bytes,
     * or null), and returns its position.
     */
    long append(byte[] head, int headLength, byte[] tail);

    /**
     * Runs {@code task} on the owner's thread once every record appended so far is as durable as the log promises
     * (at once if it already is); tasks run in the order they were asked for.
     */
    void whenDurable(Runnable task);

    /**
     * The record at {@code position}, as appended (head and tail).
     *
     * @throws IllegalStateException if it is not there any more, or cannot be read back intact
     */
    byte[] read(long position);

    /**
     * Hands every record kept, oldest first, to {@code reader}. Called once, before anything is appended. What the
     * log cannot read back intact it handles itself (a damaged tail is skipped and reported, damage followed by intact
     * records is refused with an exception), so the reader only sees whole records.
     */
    void replay(Reader reader);

    /** Reads records during {@link #replay}. */
    interface Reader {
        /**
         * One record: {@code length} bytes of {@code bytes} from offset 0 (the array may be reused for the next record).
         * Returns false if the record makes no sense to the store: the log then treats it as damaged.
         */
        boolean record(long position, byte[] bytes, int length);
    }

    /** The segment of a position: records are kept, and released, a whole segment at a time. */
    int segmentOf(long position);

    /** The segment the next record will be appended to (segments only grow). */
    int currentSegment();

    /** The store needs nothing in the segments before {@code segment}: the log may reclaim them (never the current one). */
    void releaseSegmentsBefore(int segment);

    /** Segments reclaimed since the log opened. */
    long releasedSegments();

    /** What is kept here: the same after a restart of a log that keeps its data (the broker's node id). */
    String identity();

    /** What group commit did, for logs that have it ({@link JournalSyncStats#NONE} otherwise). */
    default JournalSyncStats syncStats() {
        return JournalSyncStats.NONE;
    }

    /** For logs and the CLI, e.g. "chronicle store in data/journal, fsync=batch". */
    String describe();

    @Override
    void close();
}
