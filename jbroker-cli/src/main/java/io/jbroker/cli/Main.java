package io.jbroker.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jbroker} command: a group of subcommand groups ({@code data}, ...). Exit status 0 on
 * success, 1 when the input had errors or could not be read, 2 for a usage error.
 */
@Command(
        name = "jbroker",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Tools for Zeek's Broker: data conversion, a node, pipes to and from topics, and benchmarks.",
        subcommands = {
            DataCommand.class,
            NodeCommand.class,
            PipeCommand.class,
            BenchCommand.class,
            ZeroMqCommand.class,
            BridgeCommand.class,
            LoggerCommand.class,
            WebSocketCommand.class,
            StoreCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {
    public static void main(String[] args) {
        System.exit(commandLine(Streams.system()).execute(args));
    }

    /** The command line with every command wired to {@code streams}; help and usage go there too. */
    public static CommandLine commandLine(Streams streams) {
        CommandLine cli = new CommandLine(new Main(), new CommandFactory(streams));
        cli.setOut(writer(streams.out()));
        cli.setErr(writer(streams.err()));
        cli.setExecutionExceptionHandler(Main::reportIoError);
        return cli;
    }

    /**
     * I/O failures (a missing input file, a closed pipe) get one line, not a stack trace; usage
     * errors found while running get exit status 2.
     */
    private static int reportIoError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof CommandLine.ParameterException) {
            // A usage error found while running (contradicting options): like a parse error.
            CommandLine.ParameterException pe = (CommandLine.ParameterException) e;
            cmd.getErr().println(pe.getMessage());
            pe.getCommandLine().usage(cmd.getErr());
            return 2;
        }
        if (e instanceof NoSuchFileException) {
            cmd.getErr().println("jbroker: no such file: " + e.getMessage());
        } else if (e instanceof IOException) {
            cmd.getErr().println("jbroker: " + e);
        } else {
            throw e;
        }
        return 1;
    }

    private static PrintWriter writer(java.io.OutputStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }
}
