package org.letterbox.examples.wildfly;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.letterbox.server.LetterboxBroker;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example as the README installs it: Arquillian starts WildFly (see arquillian.xml) and deploys nothing itself;
 * the test runs {@code letterbox.cli} with WildFly's own {@code jboss-cli.sh}, as a user would (only the broker URL
 * is this test's broker), then uses the app over HTTP like the README's curl commands.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyMdbExampleIT {

    private static final String CLI_SCRIPT = "examples/wildfly-mdb/letterbox.cli";
    private static final String SCRIPT_BROKER_URL = "tcp://127.0.0.1:61616";
    private static final String MANAGEMENT = "127.0.0.1:10190";
    private static final URI APP = URI.create("http://127.0.0.1:8280/letterbox-wildfly-mdb/");

    private static LetterboxBroker broker;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startTheBrokerAndInstallTheExample() throws Exception {
        broker = LetterboxBroker.builder().host("127.0.0.1").port(0).start();
        Path root = Path.of(System.getProperty("letterbox.root")).toRealPath();
        String script = Files.readString(root.resolve(CLI_SCRIPT));
        assertTrue(script.contains(SCRIPT_BROKER_URL), CLI_SCRIPT + " configures brokerUrl " + SCRIPT_BROKER_URL);
        Path ownScript = Files.createTempFile("letterbox", ".cli");
        try {
            Files.writeString(ownScript, script.replace(SCRIPT_BROKER_URL, broker.tcpUrl()));
            runCli(root, ownScript);
        } finally {
            Files.delete(ownScript);
        }
    }

    @AfterAll
    static void stopTheBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** {@code jboss-cli.sh --connect --file=...} from the repository root, where the script's paths start. */
    private static void runCli(Path root, Path script) throws IOException, InterruptedException {
        boolean windows = System.getProperty("os.name").startsWith("Windows");
        Path cli = Path.of(System.getProperty("jboss.home"), "bin", windows ? "jboss-cli.bat" : "jboss-cli.sh");
        ProcessBuilder builder = new ProcessBuilder(cli.toString(), "--connect", "--controller=" + MANAGEMENT,
                "--file=" + script).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "jboss-cli finished");
        assertEquals(0, process.exitValue(), "jboss-cli failed:\n" + new String(output, StandardCharsets.UTF_8));
    }

    @Test
    void messagesSentThroughThePooledFactoryReachTheMdb() throws Exception {
        List<String> texts = List.of("order 1", "order 2", "order 3", "order 4", "order 5");
        for (String text : texts) {
            HttpResponse<String> sent = post("send?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
            assertEquals(200, sent.statusCode(), sent.body());
            assertEquals("sent: " + text, sent.body().strip());
        }
        List<String> received = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.size() < texts.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            received = get("received").body().lines().toList();
        }
        // four MDB sessions: in any order, each once
        assertEquals(texts, received.stream().sorted().toList());
        assertEquals(0, broker.queueDepth("examples.wildfly.orders"), "the MDB's deliveries were acknowledged");
    }

    @Test
    void sendWithoutTextIsABadRequest() throws Exception {
        HttpResponse<String> response = post("send");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("'text' parameter is missing"), response.body());
    }

    private HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(APP.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(APP.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
