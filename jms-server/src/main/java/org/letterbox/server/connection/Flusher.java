package org.letterbox.server.connection;

import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;

/**
 * Batches flushes: frames are written as they are produced and every channel written to is flushed once,
 * after the event loop finishes what it is doing, so a burst of deliveries costs one syscall per channel.
 */
final class Flusher {
    private final EventLoop loop;
    private final List<ServerConnection> dirty = new ArrayList<>();
    private boolean scheduled;

    Flusher(EventLoop loop) {
        this.loop = loop;
    }

    void written(ServerConnection connection) {
        if (connection.markDirty()) {
            dirty.add(connection);
            if (!scheduled) {
                scheduled = true;
                loop.execute(this::flushAll);
            }
        }
    }

    private void flushAll() {
        scheduled = false;
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }
}
