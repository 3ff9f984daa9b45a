package org.letterbox.server.connection;

import org.letterbox.server.destination.QueueEntry;

import java.util.ArrayList;
import java.util.List;

/** A queue browser's snapshot, handed out in batches that stay below a byte budget. */
final class BrowseCursor {
    private final List<QueueEntry> snapshot;
    private int position;

    BrowseCursor(List<QueueEntry> snapshot) {
        this.snapshot = snapshot;
    }

    List<byte[]> next(int maxMessages, int maxBytes) {
        List<byte[]> batch = new ArrayList<>(Math.min(maxMessages, snapshot.size() - position));
        long bytes = 0;
        while (position < snapshot.size() && batch.size() < maxMessages) {
            byte[] message = snapshot.get(position).message().bytes();
            if (!batch.isEmpty() && bytes + message.length > maxBytes) {
                break;
            }
            batch.add(message);
            bytes += message.length;
            position++;
        }
        return batch;
    }

    boolean exhausted() {
        return position >= snapshot.size();
    }
}
