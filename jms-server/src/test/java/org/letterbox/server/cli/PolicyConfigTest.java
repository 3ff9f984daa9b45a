package org.letterbox.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.server.destination.DeliveryPolicy;
import org.letterbox.server.destination.FullPolicy;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delivery policy and memory bound settings: config file keys, run flags, per-destination overrides. */
class PolicyConfigTest {
    @TempDir
    Path dir;

    private BrokerSettings load(String... lines) throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return BrokerConfigFile.load(file);
    }

    @Test
    void globalAndPerDestinationKeysAreRead() throws Exception {
        BrokerSettings s = load("maxDeliveryAttempts=5", "redeliveryDelay=100", "redeliveryBackoff=3",
                "maxRedeliveryDelay=5000", "deadLetterQueue=dead", "expiryQueue=expired", "memoryLimit=8m",
                "fullPolicy=block", "journalRollCycle=FIVE_MINUTELY",
                "policy.orders.maxDeliveryAttempts=2", "policy.orders.deadLetterQueue=none", "policy.a.b.memoryLimit=0");
        DeliveryPolicy global = PolicySettings.policy(DeliveryPolicy.DEFAULT, s.policy);
        assertEquals(new DeliveryPolicy(5, 100, 3.0, 5000, "dead", "expired", 8L << 20, FullPolicy.BLOCK), global);
        DeliveryPolicy orders = PolicySettings.policy(global, s.destinationPolicies.get("orders"));
        assertEquals(2, orders.maxDeliveryAttempts());
        assertNull(orders.deadLetterQueue());
        assertEquals(100, orders.redeliveryDelayMillis()); // inherits the global values
        assertEquals(0, PolicySettings.policy(global, s.destinationPolicies.get("a.b")).memoryLimitBytes());
        assertEquals("FIVE_MINUTELY", s.journalRollCycle);
    }

    @Test
    void unknownAndBadPolicyKeysAreErrors() {
        ConfigException unknown = assertThrows(ConfigException.class, () -> load("maxDeliveryAtempts=5"));
        assertTrue(unknown.getMessage().contains("unknown key 'maxDeliveryAtempts'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("did you mean 'maxDeliveryAttempts'"), unknown.getMessage());
        assertThrows(ConfigException.class, () -> load("policy.orders.bogus=1"));
        assertThrows(ConfigException.class, () -> load("policy.maxDeliveryAttempts=1"));
        ConfigException bad = assertThrows(ConfigException.class, () -> load("redeliveryBackoff=0.5"));
        assertTrue(bad.getMessage().contains("redeliveryBackoff"), bad.getMessage());
        assertThrows(ConfigException.class, () -> load("memoryLimit=lots"));
        assertThrows(ConfigException.class, () -> load("fullPolicy=drop"));
        assertThrows(ConfigException.class, () -> load("journalRollCycle=FORTNIGHTLY"));
    }

    @Test
    void sizesTakeSuffixes() {
        assertEquals(512 * 1024, PolicySettings.size("512k"));
        assertEquals(64L << 20, PolicySettings.size("64M"));
        assertEquals(1L << 30, PolicySettings.size("1g"));
        assertEquals(1234, PolicySettings.size("1234"));
        assertThrows(IllegalArgumentException.class, () -> PolicySettings.size("-1"));
    }

    private BrokerSettings flags(String... args) {
        RunCommand run = new RunCommand();
        CommandLine cli = new CommandLine(run);
        cli.parseArgs(args);
        return run.resolveSettings();
    }

    @Test
    void flagsOverrideTheFileAndSetPerDestinationPolicies() throws Exception {
        Path file = dir.resolve("b.properties");
        Files.write(file, List.of("maxDeliveryAttempts=5", "policy.orders.redeliveryDelay=10"), StandardCharsets.UTF_8);
        BrokerSettings s = flags("--config", file.toString(), "--max-delivery-attempts", "7", "--redelivery-delay", "20",
                "--redelivery-backoff", "1.5", "--max-redelivery-delay", "900", "--dead-letter-queue", "dead",
                "--expiry-queue", "exp", "--memory-limit", "1m", "--full-policy", "paging",
                "--policy", "orders.maxDeliveryAttempts=1", "--journal-roll-cycle", "TEST_SECONDLY");
        assertEquals(Map.of("maxDeliveryAttempts", "7", "redeliveryDelay", "20", "redeliveryBackoff", "1.5",
                "maxRedeliveryDelay", "900", "deadLetterQueue", "dead", "expiryQueue", "exp", "memoryLimit", "1m",
                "fullPolicy", "paging"), s.policy);
        assertEquals(Map.of("redeliveryDelay", "10", "maxDeliveryAttempts", "1"), s.destinationPolicies.get("orders"));
        assertEquals("TEST_SECONDLY", s.journalRollCycle);
        assertThrows(CommandLine.ParameterException.class, () -> flags("--policy", "orders=1"));
        assertThrows(CommandLine.ParameterException.class, () -> flags("--memory-limit", "x"));
        assertThrows(CommandLine.ParameterException.class, () -> flags("--full-policy", "drop"));
    }

    @Test
    void theBrokerRunsWithThePoliciesFromSettings() throws Exception {
        BrokerSettings s = load("port=0", "store=memory", "maxDeliveryAttempts=3", "policy.orders.maxDeliveryAttempts=1",
                "memoryLimit=1m");
        try (var broker = s.toBuilder().start()) {
            DeliveryPolicy orders = broker.onBrokerThread(() -> broker.queuePolicy("orders"));
            DeliveryPolicy other = broker.onBrokerThread(() -> broker.queuePolicy("other"));
            assertEquals(1, orders.maxDeliveryAttempts());
            assertEquals(3, other.maxDeliveryAttempts());
            assertEquals(1L << 20, other.memoryLimitBytes());
        }
    }
}
