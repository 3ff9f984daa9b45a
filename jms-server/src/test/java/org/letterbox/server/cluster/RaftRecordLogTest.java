package org.letterbox.server.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.server.store.log.RecordLog;
import org.letterbox.server.store.log.RecordLogContract;

import java.nio.file.Path;

/** The record-log contract on the cluster's log: three Raft members in this JVM, the log opened on the leader. */
class RaftRecordLogTest extends RecordLogContract {
    @TempDir
    Path dir;
    private LocalRaftGroup group;

    @Override
    protected RecordLog open() throws Exception {
        if (group == null) {
            group = new LocalRaftGroup(dir, 3, 16);
        }
        return new RaftRecordLog(group.readyLeader(), owner, 256, cause -> { });
    }

    @Override
    protected void passSegment(RecordLog log, int segment) throws Exception {
        while (on(log::currentSegment) <= segment) {
            on(() -> log.append(new byte[64], 64, null));
        }
    }

    @AfterEach
    void stopGroup() {
        if (group != null) {
            group.close();
        }
    }
}
