package org.letterbox.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokerConfigFileTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path file = dir.resolve("broker.properties");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    private ConfigException failure(String... lines) throws IOException {
        Path file = file(lines);
        return assertThrows(ConfigException.class, () -> BrokerConfigFile.load(file));
    }

    @Test
    void theDependabilityKeysAreReadAndCheckedAndReachTheBroker() throws Exception {
        BrokerSettings settings = BrokerConfigFile.load(file(
                "memoryBudget=96m",
                "handshakeTimeout=2500",
                "connectionTtl=0",
                "criticalTimeout=30000"));
        assertEquals(96L * 1024 * 1024, settings.memoryBudget);
        assertEquals(2500L, settings.handshakeTimeoutMillis);
        assertEquals(0L, settings.connectionTtlMillis);
        assertEquals(30_000L, settings.criticalTimeoutMillis);
        try (org.letterbox.server.LetterboxBroker broker = settings.toBuilder().port(0).store(
                org.letterbox.server.store.StoreType.MEMORY).start()) {
            assertEquals(96L * 1024 * 1024, broker.memoryBudgetLimit());
        }
        assertTrue(failure("memoryBudget=lots").getMessage().contains("memoryBudget"));
        assertTrue(failure("connectionTtl=-1").getMessage().contains("connectionTtl"));
        assertTrue(failure("handshakeTimeout=soon").getMessage().contains("handshakeTimeout"));
    }

    @Test
    void everyKnownKeyIsRead() throws Exception {
        BrokerSettings settings = BrokerConfigFile.load(file(
                "# a comment",
                "host = 0.0.0.0",
                "port=0",
                "data=/var/lib/letterbox",
                "allowAnonymous=TRUE",
                "autoCreateDestinations=false",
                "maxFrameSize=2048",
                "users=alice:secret, bob:pa:ss",
                "queues=orders, invoices,",
                "topics=prices",
                "store=memory",
                "fsync=never"));
        assertEquals("0.0.0.0", settings.host());
        assertEquals(0, settings.port());
        assertEquals(Path.of("/var/lib/letterbox"), settings.data());
        assertTrue(settings.allowAnonymous());
        assertFalse(settings.autoCreateDestinations());
        assertEquals(2048, settings.maxFrameSize);
        assertEquals(Map.of("alice", "secret", "bob", "pa:ss"), settings.users);
        assertEquals(List.of("orders", "invoices"), List.copyOf(settings.queues));
        assertEquals(List.of("prices"), List.copyOf(settings.topics));
        assertEquals(org.letterbox.server.store.StoreType.MEMORY, settings.store());
        assertEquals(org.letterbox.server.store.FsyncPolicy.NEVER, settings.fsync());
    }

    @Test
    void anEmptyFileLeavesEverythingAtItsDefault() throws Exception {
        BrokerSettings settings = BrokerConfigFile.load(file("# nothing"));
        assertEquals("127.0.0.1", settings.host());
        assertEquals(61616, settings.port());
        assertEquals(Path.of("data"), settings.data());
        assertFalse(settings.allowAnonymous());
        assertTrue(settings.autoCreateDestinations());
        assertNull(settings.maxFrameSize);
        assertTrue(settings.users.isEmpty());
        assertEquals(org.letterbox.server.store.StoreType.CHRONICLE, settings.store());
        assertEquals(org.letterbox.server.store.FsyncPolicy.BATCH, settings.fsync());
    }

    @Test
    void unknownKeyIsAnErrorNamingTheKey() throws Exception {
        ConfigException e = failure("port=1234", "prot=5678");
        assertEquals("prot", e.key());
        assertTrue(e.getMessage().contains("unknown key 'prot'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'port'?"), e.getMessage());
        assertTrue(e.getMessage().contains("broker.properties"), e.getMessage());
    }

    @Test
    void keysAreCaseSensitive() throws Exception {
        ConfigException e = failure("allowanonymous=true");
        assertEquals("allowanonymous", e.key());
        assertTrue(e.getMessage().contains("did you mean 'allowAnonymous'?"), e.getMessage());
    }

    @Test
    void badValuesAreErrorsNamingTheKey() throws Exception {
        assertBadValue("port", "port=abc");
        assertBadValue("port", "port=70000");
        assertBadValue("port", "port=-1");
        assertBadValue("allowAnonymous", "allowAnonymous=yes");
        assertBadValue("autoCreateDestinations", "autoCreateDestinations=");
        assertBadValue("maxFrameSize", "maxFrameSize=100");
        assertBadValue("users", "users=alice");
        assertBadValue("users", "users=:secret");
        assertBadValue("users", "users=alice:");
        assertBadValue("users", "users=alice:a,alice:b");
        assertBadValue("host", "host=");
        assertBadValue("data", "data=  ");
        assertBadValue("store", "store=disk");
        assertBadValue("fsync", "fsync=sometimes");
    }

    private void assertBadValue(String key, String line) throws IOException {
        ConfigException e = failure(line);
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains("for key '" + key + "'"), e.getMessage());
    }

    @Test
    void aPasswordIsNeverEchoedWhenTheUserNameIsMissing() throws Exception {
        ConfigException e = failure("users=alice:ok,topsecret");
        assertEquals("users", e.key());
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
        assertFalse(e.getMessage().contains(":ok"), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsAnError() throws Exception {
        ConfigException e = failure("port=1", "port=2");
        assertEquals("port", e.key());
        assertTrue(e.getMessage().contains("more than once"), e.getMessage());
    }

    @Test
    void aMissingFileIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfigFile.load(dir.resolve("nope.properties")));
        assertTrue(e.getMessage().contains("nope.properties") && e.getMessage().contains("does not exist"), e.getMessage());
    }
}
