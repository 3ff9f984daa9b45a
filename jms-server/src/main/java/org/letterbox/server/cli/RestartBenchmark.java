package org.letterbox.server.cli;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.letterbox.jms.LetterboxConnectionFactory;
import org.letterbox.server.LetterboxBroker;
import org.letterbox.server.store.FsyncPolicy;
import org.letterbox.server.store.StoreType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code perf --restart-benchmark DIR}: an embedded broker on the chronicle journal in DIR is filled with
 * {@code count} persistent messages nobody consumes (async sends, in-VM), stopped, and started again; prints
 * how long the restart took until the broker was listening, and checks every message is back on its queue.
 */
final class RestartBenchmark {
    private RestartBenchmark() {
    }

    static int run(Path dir, String destination, int count, int size, int maxInFlight, PrintWriter out, PrintWriter err)
            throws Exception {
        LetterboxBroker.Builder builder = LetterboxBroker.builder().port(0).vmName("restart-benchmark")
                .store(StoreType.CHRONICLE).dataDirectory(dir).fsync(FsyncPolicy.BATCH);
        long fillStart = System.nanoTime();
        int before;
        try (LetterboxBroker broker = builder.start()) {
            before = broker.queueDepth(destination);
            try (Connection connection = new LetterboxConnectionFactory(broker.vmUrl()).createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue(destination));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                Semaphore window = new Semaphore(maxInFlight);
                AtomicReference<Exception> failed = new AtomicReference<>();
                CompletionListener listener = new CompletionListener() {
                    @Override
                    public void onCompletion(Message message) {
                        window.release();
                    }

                    @Override
                    public void onException(Message message, Exception exception) {
                        failed.compareAndSet(null, exception);
                        window.release();
                    }
                };
                byte[] body = new byte[size];
                for (int i = 0; i < count; i++) {
                    window.acquire();
                    BytesMessage message = session.createBytesMessage();
                    message.writeBytes(body);
                    producer.send(message, listener);
                    if (failed.get() != null) {
                        throw failed.get();
                    }
                    if ((i + 1) % 100_000 == 0) {
                        err.printf(Locale.ROOT, "filled %,d%n", i + 1);
                        err.flush();
                    }
                }
                if (!window.tryAcquire(maxInFlight, 60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("sends not confirmed within 60 s");
                }
            }
        }
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        long restartStart = System.nanoTime();
        double restartSeconds;
        int depth;
        try (LetterboxBroker broker = builder.start()) {
            restartSeconds = (System.nanoTime() - restartStart) / 1e9;
            depth = broker.queueDepth(destination);
        }
        // The operator's restart comes last, on an idle machine: right after the fill this JVM's collector is
        // still busy with gigabytes of garbage and would compete with the new process for the 2 cores.
        System.gc();
        double processSeconds = restartInNewProcess(dir, err);
        out.printf(Locale.ROOT, "restart benchmark: filled %,d persistent %d-byte messages in %.1f s (%,.0f msg/s); "
                        + "restart to listening with %,d messages in the journal: %.2f s in this JVM%s%n",
                count, size, fillSeconds, count / fillSeconds, depth, restartSeconds, processSeconds < 0 ? ""
                        : String.format(Locale.ROOT, ", %.2f s as a new process (java -jar ... run, from process start)", processSeconds));
        if (depth != before + count) {
            out.printf(Locale.ROOT, "FAILED: %,d messages on %s after the restart, expected %,d%n", depth, destination, before + count);
            return 1;
        }
        out.println("verified: every message is back on its queue");
        return 0;
    }

    /**
     * The restart as an operator sees it: {@code java -jar letterbox-server.jar run} on the filled directory,
     * from starting the process to its "listening" line (JVM start included, no heap left over from the fill).
     * Returns the seconds, or -1 when this does not run from the jar (then only the in-JVM restart is timed).
     */
    private static double restartInNewProcess(Path dir, PrintWriter err) throws IOException, InterruptedException {
        Path jar;
        try {
            jar = Path.of(RestartBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return -1;
        }
        if (!Files.isRegularFile(jar)) {
            return -1;
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "run", "--data", dir.toString(), "--host", "127.0.0.1", "--port", "0",
                "--fsync", "batch");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(RunCommand.LISTENING)) {
                    return (System.nanoTime() - start) / 1e9;
                }
            }
            err.println("the restarted broker process ended before listening (exit code " + process.waitFor() + ")");
            return -1;
        } finally {
            process.destroy(); // SIGTERM: a clean stop, the journal is released before the in-JVM restart
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
