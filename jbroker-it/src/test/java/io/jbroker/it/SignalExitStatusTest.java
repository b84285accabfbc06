package io.jbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real signals to commands in their own JVM: they stop cleanly (the shutdown hook closes the
 * endpoint and prints what is due) and exit with 128 + the signal number, as their help says.
 */
class SignalExitStatusTest {
    /** Only an upper bound for slow JVM starts, never a timing check. */
    private static final Duration WAIT = Duration.ofSeconds(45);

    private final List<JbrokerProcess> processes = new ArrayList<>();

    @AfterEach
    void killEverything() {
        processes.forEach(JbrokerProcess::close);
    }

    private JbrokerProcess start(String name, String... args) throws Exception {
        JbrokerProcess p = JbrokerProcess.start(name, args);
        processes.add(p);
        return p;
    }

    @Test
    void sigintStopsANodeWithStatus130() throws Exception {
        JbrokerProcess node = start("node", "node", "--listen", "127.0.0.1:0", "--no-tls", "--metrics-interval", "1h");
        node.out().awaitStartingWith("listening on 127.0.0.1:", WAIT);

        node.signal("INT");

        assertThat(node.awaitExit(WAIT)).as(node.describe()).isEqualTo(130);
        // The metrics printed when stopping show that the command ran its normal stop path.
        node.out().awaitStartingWith("metrics: endpoint ", WAIT);
    }

    @Test
    void sigtermStopsABenchServerWithStatus143AfterItsSummary() throws Exception {
        JbrokerProcess server = start("server", "bench", "server", "--listen", "127.0.0.1:0", "--no-tls");
        server.out().awaitStartingWith("listening on 127.0.0.1:", WAIT);

        server.signal("TERM");

        assertThat(server.awaitExit(WAIT)).as(server.describe()).isEqualTo(143);
        server.out().awaitStartingWith("summary: received=0 ", WAIT);
    }
}
