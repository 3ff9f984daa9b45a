package org.letterbox.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.letterbox.server.LetterboxBroker;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code letterbox run} option and config handling, without starting a broker process. */
class RunCommandTest {

    @TempDir
    Path dir;

    /** Parses {@code run ARGS} and resolves the settings, without running anything. */
    private static BrokerSettings settings(String... args) {
        CommandLine cli = LetterboxCli.commandLine();
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult parsed = cli.parseArgs(all);
        RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
        return run.resolveSettings();
    }

    private Path config(String... lines) throws Exception {
        Path file = dir.resolve("letterbox.properties");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void defaultsWithoutFlagsOrFile() {
        BrokerSettings settings = settings();
        assertEquals("127.0.0.1", settings.host());
        assertEquals(61616, settings.port());
        assertEquals(Path.of("data"), settings.data());
        assertFalse(settings.allowAnonymous());
        assertTrue(settings.autoCreateDestinations());
        assertTrue(settings.users.isEmpty());
    }

    @Test
    void everyFlagIsApplied() {
        BrokerSettings settings = settings("--host", "0.0.0.0", "--port", "0", "--data", "d", "--allow-anonymous",
                "--vm-name", "embedded", "--max-frame-size", "4096", "--no-auto-create",
                "--queue", "q1", "--queue", "q2", "--topic", "t1", "--user", "alice:secret");
        assertEquals("0.0.0.0", settings.host());
        assertEquals(0, settings.port());
        assertEquals(Path.of("d"), settings.data());
        assertTrue(settings.allowAnonymous());
        assertEquals("embedded", settings.vmName);
        assertEquals(4096, settings.maxFrameSize);
        assertFalse(settings.autoCreateDestinations());
        assertEquals(List.of("q1", "q2"), List.copyOf(settings.queues));
        assertEquals(List.of("t1"), List.copyOf(settings.topics));
        assertEquals(Map.of("alice", "secret"), settings.users);
    }

    @Test
    void flagsOverrideTheConfigFile() throws Exception {
        Path file = config("host=10.1.2.3", "port=1111", "data=from-file", "allowAnonymous=false",
                "autoCreateDestinations=true", "maxFrameSize=8192",
                "users=alice:fromfile,bob:bobpw", "queues=fileq", "topics=filet");
        BrokerSettings settings = settings("--config", file.toString(), "--port", "2222", "--allow-anonymous",
                "--no-auto-create", "--user", "alice:fromflag", "--queue", "flagq");
        assertEquals("10.1.2.3", settings.host(), "not given as a flag: the file's value");
        assertEquals(2222, settings.port());
        assertEquals(Path.of("from-file"), settings.data());
        assertTrue(settings.allowAnonymous());
        assertFalse(settings.autoCreateDestinations());
        assertEquals(8192, settings.maxFrameSize);
        assertEquals(Map.of("alice", "fromflag", "bob", "bobpw"), settings.users, "users merge by name, the flag wins");
        assertEquals(List.of("fileq", "flagq"), List.copyOf(settings.queues));
        assertEquals(List.of("filet"), List.copyOf(settings.topics));
    }

    @Test
    void userFlagIsNameColonPassword() {
        BrokerSettings settings = settings("--user", "alice:secret", "--user", "bob:pa:ss:word");
        assertEquals(Map.of("alice", "secret", "bob", "pa:ss:word"), settings.users);
    }

    @Test
    void userFlagOfTheWrongFormIsAUsageError() {
        for (String bad : List.of("alice", ":secret", "alice:")) {
            CliRun run = CliRun.of("run", "--user", bad);
            assertEquals(2, run.exitCode(), run.toString());
            assertTrue(run.err().contains("'--user'") && run.err().contains("NAME:PASSWORD"), run.toString());
            assertFalse(run.err().contains("Exception"), run.toString());
            assertTrue(run.out().isEmpty(), run.toString());
        }
    }

    @Test
    void unknownConfigKeyIsAUsageErrorNamingTheKey() throws Exception {
        Path file = config("port=0", "maxFrameSise=2048");
        CliRun run = CliRun.of("run", "--config", file.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("unknown key 'maxFrameSise'"), run.toString());
        assertTrue(run.err().contains("did you mean 'maxFrameSize'?"), run.toString());
        assertFalse(run.err().contains("at org."), "no stack trace: " + run);
    }

    @Test
    void badConfigValueIsAUsageErrorNamingTheKey() throws Exception {
        Path file = config("port=lots");
        CliRun run = CliRun.of("run", "--config", file.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("for key 'port'"), run.toString());
    }

    @Test
    void badFlagValuesAreUsageErrors() {
        assertUsageError("--port", "run", "--port", "65536");
        assertUsageError("--port", "run", "--port", "http");
        assertUsageError("--max-frame-size", "run", "--max-frame-size", "10");
        assertUsageError("--queue", "run", "--queue", " ");
        assertUsageError("--bogus", "run", "--bogus");
    }

    private static void assertUsageError(String mentioned, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains(mentioned), run.toString());
        assertTrue(run.err().contains("Try 'letterbox run --help'"), run.toString());
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedFailsWithOneLine() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        CliRun run = CliRun.of("run", "--port", "0", "--data", notADirectory.resolve("sub").toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(1, run.errLines(), run.toString());
        assertTrue(run.err().startsWith("letterbox run: cannot create data directory"), run.toString());
    }

    @Test
    void verboseAddsTheStackTrace() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        CliRun run = CliRun.of("run", "--verbose", "--port", "0", "--data", notADirectory.resolve("sub").toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.errLines() > 1 && run.err().contains("\tat "), run.toString());
    }

    @Test
    void aPortInUseIsAOneLineFailure() throws Exception {
        try (LetterboxBroker occupant = LetterboxBroker.builder().port(0).dataDirectory(dir).start()) {
            BrokerSettings settings = settings("--port", Integer.toString(occupant.port()), "--data", dir.toString());
            CliException e = assertThrows(CliException.class, () -> RunCommand.startBroker(settings).close());
            assertTrue(e.getMessage().startsWith("cannot start the broker on 127.0.0.1:" + occupant.port() + ": "),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void theListeningLineShowsTheRealPortAndTheStore() throws Exception {
        BrokerSettings settings = settings("--port", "0", "--data", dir.toString());
        try (LetterboxBroker broker = RunCommand.startBroker(settings)) {
            String line = RunCommand.listeningLine(broker, settings);
            assertTrue(line.startsWith("Letterbox broker listening on tcp://127.0.0.1:" + broker.port() + " "), line);
            assertTrue(line.contains("chronicle store in "), line);
            assertTrue(line.contains("fsync=batch"), line);
            assertFalse(line.contains("\n"), line);
        }
    }

    @Test
    void storeAndFsyncFlagsChooseTheStore() throws Exception {
        BrokerSettings memory = settings("--port", "0", "--data", dir.toString(), "--store", "memory");
        try (LetterboxBroker broker = RunCommand.startBroker(memory)) {
            assertTrue(RunCommand.listeningLine(broker, memory).contains("in-memory store"));
        }
        BrokerSettings always = settings("--port", "0", "--data", dir.toString(), "--fsync", "ALWAYS");
        try (LetterboxBroker broker = RunCommand.startBroker(always)) {
            assertTrue(RunCommand.listeningLine(broker, always).contains("fsync=always"));
        }
        CliRun bad = CliRun.of("run", "--port", "0", "--data", dir.toString(), "--fsync", "sometimes");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("expected never, batch or always"), bad.toString());
    }

    @Test
    void helpAndVersionExitWithZero() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.out().contains("run") && help.out().contains("perf"), help.toString());
        CliRun runHelp = CliRun.of("run", "--help");
        assertEquals(0, runHelp.exitCode(), runHelp.toString());
        assertTrue(runHelp.out().contains("--no-auto-create"), runHelp.toString());
        CliRun version = CliRun.of("--version");
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.out().startsWith("Letterbox "), version.toString());
    }

    @Test
    void noSubcommandOrAnUnknownOneIsAUsageError() {
        assertEquals(2, CliRun.of().exitCode());
        CliRun unknown = CliRun.of("rnu");
        assertEquals(2, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("rnu"), unknown.toString());
    }
}
