package io.jbroker.cli;

/**
 * The exit status lines the commands' help shares. A signal ends a command through the JVM's
 * shutdown hooks (see {@link Lifetime}): the command stops cleanly, and the JVM then exits with
 * 128 + the signal number, as shells report a process killed by that signal.
 */
final class ExitStatus {
    /** Help line: SIGINT gives 130. */
    static final String SIGINT = "130:stopped by SIGINT (Ctrl-C), after stopping cleanly";

    /** Help line: SIGTERM gives 143. */
    static final String SIGTERM = "143:stopped by SIGTERM, after stopping cleanly";

    private ExitStatus() {}
}
