package org.letterbox.server.store.chronicle;

import org.junit.jupiter.api.io.TempDir;
import org.letterbox.server.CriticalFailure;
import org.letterbox.server.store.FsyncPolicy;
import org.letterbox.server.store.log.RecordLog;
import org.letterbox.server.store.log.RecordLogContract;

import java.nio.file.Path;

/** The record-log contract on the Chronicle log, fsync=batch, a journal file a second (so segments pass quickly). */
class ChronicleRecordLogTest extends RecordLogContract {
    @TempDir
    Path data;

    @Override
    protected RecordLog open() {
        return new ChronicleRecordLog(data, FsyncPolicy.BATCH, owner, ChronicleStore.rollCycle("TEST_SECONDLY"),
                ChronicleStore.blockSizeFor(1 << 20), new CriticalFailure(CriticalFailure.Policy.STOP, () -> { }));
    }

    @Override
    protected void passSegment(RecordLog log, int segment) throws Exception {
        while (on(log::currentSegment) <= segment) {
            Thread.sleep(50);
        }
    }
}
