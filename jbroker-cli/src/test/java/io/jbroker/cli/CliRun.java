package io.jbroker.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The outcome of running the command line in-process: exit status and captured output. */
record CliRun(int exitCode, byte[] out, String err) {
    /** Runs {@code jbroker args...} with {@code stdin} as standard input. */
    static CliRun run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.commandLine(new Streams(new ByteArrayInputStream(stdin), out, err))
                .execute(args);
        return new CliRun(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    static CliRun run(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    String outText() {
        return new String(out, StandardCharsets.UTF_8);
    }
}
