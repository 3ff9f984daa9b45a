package org.letterbox.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The {@code letterbox} command line: {@code letterbox run} starts a broker, {@code letterbox perf} benchmarks one.
 *
 * <p>Exit codes: 0 success, 1 runtime failure (one line on stderr; the stack trace too with {@code --verbose}),
 * 2 usage error (bad option, bad configuration). {@link #commandLine()} installs that policy; a bare
 * {@code new CommandLine(new LetterboxCli())} works too, with picocli's default error output.
 */
@Command(name = "letterbox",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Letterbox, a Jakarta Messaging 3.1 broker.",
        subcommands = {RunCommand.class, PerfCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error."})
public final class LetterboxCli implements Callable<Integer> {

    static final String VERBOSE = "--verbose";
    private static final String LETTERBOX_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.letterbox";

    @Spec
    CommandSpec spec;

    @Option(names = VERBOSE, scope = ScopeType.INHERIT,
            description = "Print stack traces with errors, and Letterbox's debug logging.")
    boolean verbose;

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.showDateTime") == null) {
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSS");
        }
        if (System.getProperty(org.letterbox.server.cluster.ClusterMember.COMMON_POOL_PARALLELISM) == null) {
            // before anything uses the common pool: see ClusterMember
            System.setProperty(org.letterbox.server.cluster.ClusterMember.COMMON_POOL_PARALLELISM, "4");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line with Letterbox's error policy installed. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LetterboxCli());
        cli.setParameterExceptionHandler(LetterboxCli::usageError);
        cli.setExecutionExceptionHandler(LetterboxCli::runtimeError);
        cli.setExecutionStrategy(parseResult -> {
            if (isVerbose(parseResult) && System.getProperty(LETTERBOX_LOG_LEVEL) == null) {
                System.setProperty(LETTERBOX_LOG_LEVEL, "debug"); // read when the first logger is made
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cli;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand (run, perf or help)");
    }

    /** One line naming the command and the problem, a hint, exit code 2. */
    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** One line naming the command and the failure (plus the stack trace with --verbose), exit code 1. */
    private static int runtimeError(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + describe(ex));
        if (isVerbose(parseResult)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    static boolean isVerbose(ParseResult parseResult) {
        for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    /** A throwable as one line: its message, followed by its causes' messages where they add something. */
    static String describe(Throwable failure) {
        StringBuilder line = new StringBuilder();
        for (Throwable t = failure; t != null && line.length() < 500; t = t.getCause()) {
            String message = t.getMessage();
            if (message == null || message.isBlank()) {
                if (line.length() == 0) {
                    line.append(t.getClass().getSimpleName());
                }
            } else if (line.indexOf(message.strip()) < 0) {
                if (line.length() > 0) {
                    line.append(": ");
                }
                line.append(message.strip());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return line.toString().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
