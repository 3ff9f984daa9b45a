package org.letterbox.server.store.log;

/** The record-log contract on the memory log (a segment of three records). */
class MemoryRecordLogTest extends RecordLogContract {
    private final MemoryRecordLog log = new MemoryRecordLog(3);

    @Override
    protected RecordLog open() {
        return log; // the same instance again: its records outlive a close, as a journal's would
    }

    @Override
    protected void passSegment(RecordLog log, int segment) throws Exception {
        while (on(log::currentSegment) <= segment) {
            on(() -> log.append(new byte[] {0}, 1, null)); // fill the segment
        }
    }
}
