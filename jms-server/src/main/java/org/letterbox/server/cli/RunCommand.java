package org.letterbox.server.cli;

import org.letterbox.server.LetterboxBroker;
import org.letterbox.server.store.FsyncPolicy;
import org.letterbox.server.store.StoreType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code letterbox run}: starts a broker and keeps it running until the process gets SIGTERM or SIGINT.
 *
 * <p>Settings come from the defaults, then the {@code --config} file, then the flags (the flags win; see
 * {@link BrokerSettings} for how lists combine). Once listening it prints exactly one line to stdout,
 * {@code Letterbox broker listening on tcp://HOST:PORT ...}, with the real port; on shutdown it closes the
 * broker and prints {@code Letterbox broker stopped}. Logging goes to stderr.
 */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Run a broker until SIGTERM or SIGINT (Ctrl-C).",
                "Settings: defaults < --config file < flags."})
final class RunCommand implements Callable<Integer> {

    static final String LISTENING = "Letterbox broker listening on ";
    static final String STOPPED = "Letterbox broker stopped";

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on (default: 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port; 0 picks a free one (default: 61616).")
    Integer port;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory, created if missing (default: data, in the working directory). "
                    + "The chronicle store keeps its journal in DIR/journal.")
    Path data;

    @Option(names = "--store", paramLabel = "TYPE", converter = StoreTypeConverter.class,
            description = "chronicle (default: persistent messages survive restarts) or memory (nothing survives).")
    StoreType store;

    @Option(names = "--fsync", paramLabel = "POLICY", converter = FsyncConverter.class,
            description = "When the journal is fsynced: never (survives a process kill), batch (default: group commit, "
                    + "survives power loss; a confirmed send has been fsynced) or always (every record, acks too).")
    FsyncPolicy fsync;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with keys host, port, data, store, fsync, allowAnonymous, "
                    + "autoCreateDestinations, maxFrameSize, users, queues, topics. Unknown keys are an error.")
    Path config;

    @Option(names = "--user", paramLabel = UserCredential.FORM, converter = UserCredential.Converter.class,
            description = "A user (repeatable); once any user exists, connections must authenticate.")
    List<UserCredential> users = new ArrayList<>();

    @Option(names = "--allow-anonymous", description = "With users configured, still accept connections without a user.")
    boolean allowAnonymous;

    @Option(names = "--vm-name", paramLabel = "NAME", description = "Also listen in-VM as vm://NAME.")
    String vmName;

    @Option(names = "--max-frame-size", paramLabel = "BYTES",
            description = "Largest frame accepted, at least 1024 (default: 64 MiB).")
    Integer maxFrameSize;

    @Option(names = "--no-auto-create", description = "Destinations must be declared (--queue, --topic, config file).")
    boolean noAutoCreate;

    @Option(names = "--queue", paramLabel = "NAME", description = "Declare a queue at start (repeatable).")
    List<String> queues = new ArrayList<>();

    @Option(names = "--topic", paramLabel = "NAME", description = "Declare a topic at start (repeatable).")
    List<String> topics = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        BrokerSettings settings = resolveSettings();
        createDataDirectory(settings.data());
        LetterboxBroker broker = startBroker(settings);

        CountDownLatch stopped = new CountDownLatch(1);
        PrintWriter out = spec.commandLine().getOut();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
                out.println(STOPPED);
                out.flush();
            } finally {
                stopped.countDown();
            }
        }, "letterbox-shutdown"));
        out.println(listeningLine(broker, settings));
        out.flush();
        stopped.await();
        return 0;
    }

    /** Defaults, then the config file, then the flags. Bad input is a {@link ParameterException} (exit code 2). */
    BrokerSettings resolveSettings() {
        BrokerSettings fromFile = new BrokerSettings();
        if (config != null) {
            try {
                fromFile = BrokerConfigFile.load(config);
            } catch (ConfigException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }
        return fromFile.overriddenBy(flagSettings());
    }

    /** The settings given as flags (unset ones stay null, so the file's values show through). */
    BrokerSettings flagSettings() {
        BrokerSettings flags = new BrokerSettings();
        flags.host = check("--host", host, h -> BrokerSettings.checkName("host", h));
        flags.port = check("--port", port, BrokerSettings::checkPort);
        flags.data = data;
        flags.store = store;
        flags.fsync = fsync;
        flags.vmName = check("--vm-name", vmName, n -> BrokerSettings.checkName("vm name", n));
        flags.maxFrameSize = check("--max-frame-size", maxFrameSize, BrokerSettings::checkMaxFrameSize);
        if (allowAnonymous) {
            flags.allowAnonymous = true;
        }
        if (noAutoCreate) {
            flags.autoCreateDestinations = false;
        }
        users.forEach(user -> flags.users.put(user.name(), user.password()));
        queues.forEach(queue -> flags.queues.add(check("--queue", queue, q -> BrokerSettings.checkName("queue name", q))));
        topics.forEach(topic -> flags.topics.add(check("--topic", topic, t -> BrokerSettings.checkName("topic name", t))));
        return flags;
    }

    private <T> T check(String option, T value, java.util.function.UnaryOperator<T> checker) {
        if (value == null) {
            return null;
        }
        try {
            return checker.apply(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': " + e.getMessage());
        }
    }

    static void createDataDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new CliException("cannot use data directory " + dir + ": it exists and is not a directory", e);
        } catch (IOException e) {
            throw new CliException("cannot create data directory " + dir + ": " + LetterboxCli.describe(e), e);
        }
    }

    /** Starts the broker; a failure (port in use, ...) is a {@link CliException} with a one-line message. */
    static LetterboxBroker startBroker(BrokerSettings settings) {
        try {
            return settings.toBuilder().start();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new CliException("cannot start the broker on " + settings.host() + ":" + settings.port() + ": "
                    + LetterboxCli.describe(e), e);
        }
    }

    static String listeningLine(LetterboxBroker broker, BrokerSettings settings) {
        StringBuilder line = new StringBuilder(LISTENING).append(broker.tcpUrl());
        if (broker.vmUrl() != null) {
            line.append(" and ").append(broker.vmUrl());
        }
        return line.append(" (").append(broker.storeDescription()).append("; data directory ")
                .append(settings.data().toAbsolutePath().normalize()).append(')').toString();
    }

    static final class StoreTypeConverter implements picocli.CommandLine.ITypeConverter<StoreType> {
        @Override
        public StoreType convert(String value) {
            try {
                return StoreType.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FsyncConverter implements picocli.CommandLine.ITypeConverter<FsyncPolicy> {
        @Override
        public FsyncPolicy convert(String value) {
            try {
                return FsyncPolicy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
