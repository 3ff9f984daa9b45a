package org.letterbox.server.store.chronicle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The broker's node id (a UUID) kept in {@code DATA/node-id}: made on first start, read on every later one, so a
 * restarted broker is the same XA resource manager to transaction managers recovering their branches.
 */
final class NodeId {
    private static final Logger LOG = LoggerFactory.getLogger(NodeId.class);
    static final String FILE_NAME = "node-id";

    private NodeId() {
    }

    static String loadOrCreate(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
                try {
                    return UUID.fromString(text).toString();
                } catch (IllegalArgumentException e) {
                    // a damaged id cannot be trusted: a new one makes transaction managers see a new resource manager
                    LOG.warn("{} holds no valid node id ('{}'); writing a new one", file, text);
                }
            }
            String id = UUID.randomUUID().toString();
            Path temporary = dataDirectory.resolve(FILE_NAME + ".tmp");
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII)));
                out.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the node id in " + file + ": " + e.getMessage(), e);
        }
    }
}
