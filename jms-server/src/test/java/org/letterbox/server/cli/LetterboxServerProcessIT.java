package org.letterbox.server.cli;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.jms.LetterboxConnectionFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The runnable jar as a user runs it: {@code java -jar letterbox-server.jar run}, a JMS round trip over TCP,
 * then SIGTERM. Needs the shaded jar, so it runs under failsafe (after {@code package}), which sets
 * {@code letterbox.it}.
 */
@EnabledIfSystemProperty(named = "letterbox.it", matches = "true",
        disabledReason = "needs the shaded jar: runs under failsafe (mvn verify)")
class LetterboxServerProcessIT {
    private static final Pattern LISTENING = Pattern.compile("^Letterbox broker listening on (tcp://\\S+)");
    private static final String EOF = "\u0000EOF";

    @TempDir
    Path dir;

    private Process process;

    private Process start(String... args) throws IOException {
        String jar = System.getProperty("letterbox.server.jar");
        assertNotNull(jar, "system property letterbox.server.jar");
        assertTrue(Files.isRegularFile(Path.of(jar)), "missing " + jar + ": run mvn package first");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dchronicle.analytics.disable=true", "-jar", jar));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command)
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        return process;
    }

    /** Every stdout line as it comes, then {@link #EOF}. */
    private static BlockingQueue<String> readLines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            } finally {
                lines.add(EOF);
            }
        }, "broker-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private String stderr() throws IOException {
        Path file = dir.resolve("stderr.txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @AfterEach
    void killLeftover() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void runsServesATcpClientAndStopsCleanlyOnSigterm() throws Exception {
        Path data = dir.resolve("data");
        Process broker = start("run", "--port", "0", "--data", data.toString());
        BlockingQueue<String> stdout = readLines(broker);

        String url = null;
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (url == null) {
            String line = stdout.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(EOF)) {
                fail("no 'listening on' line within 30 s (" + (line == null ? "timeout" : "stdout closed, exit "
                        + broker.waitFor()) + "); stdout " + seen + "\nstderr:\n" + stderr());
            }
            seen.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                url = m.group(1);
            }
        }
        assertEquals(1, seen.size(), "the listening line is the first stdout line: " + seen);
        assertTrue(Files.isDirectory(data), "the data directory is created");

        LetterboxConnectionFactory factory = new LetterboxConnectionFactory(url);
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue("process.it");
            MessageConsumer consumer = session.createConsumer(queue);
            connection.start();
            session.createProducer(queue).send(session.createTextMessage("hello over tcp"));
            Message received = consumer.receive(10_000);
            assertNotNull(received, "no message received within 10 s");
            assertEquals("hello over tcp", ((TextMessage) received).getText());
        }

        // SIGTERM. Not broker.destroy(): it sends the same signal but also closes our end of the stdout pipe,
        // so the goodbye line could not be read.
        assertTrue(broker.toHandle().destroy(), "SIGTERM not sent");
        assertTrue(broker.waitFor(10, TimeUnit.SECONDS), "the broker did not exit within 10 s of SIGTERM");
        List<String> rest = new ArrayList<>();
        for (String line = stdout.poll(5, TimeUnit.SECONDS); line != null && !line.equals(EOF);
             line = stdout.poll(5, TimeUnit.SECONDS)) {
            rest.add(line);
        }
        assertTrue(rest.contains(RunCommand.STOPPED), "stdout after SIGTERM: " + rest + "\nstderr:\n" + stderr());
        assertFalse(stderr().contains("Exception"), "stderr:\n" + stderr());
    }

    @Test
    void aConfigErrorExitsWith2AndOneMessageOnStderr() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.properties"), "port=0\nflavour=vanilla\n");
        Process broker = start("run", "--config", config.toString(), "--data", dir.resolve("data").toString());
        BlockingQueue<String> stdout = readLines(broker);
        assertTrue(broker.waitFor(30, TimeUnit.SECONDS), "did not exit");
        assertEquals(2, broker.exitValue(), "stderr:\n" + stderr());
        assertEquals(EOF, stdout.poll(5, TimeUnit.SECONDS), "nothing on stdout");
        String err = stderr();
        assertTrue(err.contains("unknown key 'flavour'"), err);
        assertFalse(err.contains("\tat "), "no stack trace:\n" + err);
    }
}
