package org.letterbox.server.fuzz;

import org.letterbox.server.testsupport.BrokerProcess;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The broker jar in its own process with a small heap that an OutOfMemoryError ends (exit code 3), as the fuzz
 * findings' reproducers run it: its URL, its TCP address for raw connections, and what its log says.
 */
final class ForkedBroker implements AutoCloseable {
    static final int HEAP_MB = 128;

    final BrokerProcess process;
    final String url;
    final InetSocketAddress address;

    private ForkedBroker(BrokerProcess process, String url) {
        this.process = process;
        this.url = url;
        URI uri = URI.create(url);
        this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
    }

    /** Starts on an empty {@code dir} (what an earlier run left there, its journal too, is deleted first). */
    static ForkedBroker start(Path dir, String... runOptions) throws IOException {
        emptyDirectory(dir);
        List<String> run = new java.util.ArrayList<>(List.of("--fsync", "never"));
        run.addAll(List.of(runOptions));
        BrokerProcess process = new BrokerProcess(dir, List.of("-Xmx" + HEAP_MB + "m", "-XX:+ExitOnOutOfMemoryError"), run);
        return new ForkedBroker(process, process.start());
    }

    /** Deletes {@code dir} with everything in it, then creates it again, empty. */
    static void emptyDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(dir);
    }

    FuzzConnection raw() throws IOException {
        return FuzzConnection.open(address, true);
    }

    FuzzConnection rawNotReading() throws IOException {
        return FuzzConnection.open(address, false);
    }

    /** Alive, or how it ended (3 is -XX:+ExitOnOutOfMemoryError), with its log's tail. */
    String state() throws IOException {
        return process.isAlive() ? "alive" : "exited with " + process.exitValue() + "; log tail: " + process.stderrTail();
    }

    BrokerLog log() throws IOException {
        return BrokerLog.read(process.stderrFile());
    }

    @Override
    public void close() {
        process.close();
    }
}
