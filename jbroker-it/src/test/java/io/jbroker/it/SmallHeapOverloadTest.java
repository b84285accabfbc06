package io.jbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscriber that stops reading while a publisher sends millions of messages, in a JVM whose
 * small heap (128 MB) could not hold them: the JVM stays up, the stuck subscriber's policy
 * ({@code drop_oldest}) discards all but a bounded queue's worth and is reported as {@code
 * messages_dropped}, and another subscriber in the same JVM and a peer in another process ({@code
 * jbroker bench server}) receive every message, in order, through back-pressure.
 *
 * <p>The publishing side is {@link OverloadScenario} in a child JVM; this test judges its result
 * lines and the server's summary. Only counts are checked, never times.
 */
class SmallHeapOverloadTest {
    /** Far more than 128 MB if kept: each message is about 100 bytes encoded, several times that on the heap. */
    private static final long MESSAGES = 3_000_000;
    /** Generous: JVMs start slowly when the machine is busy. Only an upper bound, never a timing check. */
    private static final Duration WAIT = Duration.ofSeconds(45);
    /** The whole publishing run, on a loaded 2-core machine; an upper bound only. */
    private static final Duration RUN = Duration.ofMinutes(5);

    private JbrokerProcess server;
    private JbrokerProcess scenario;

    @AfterEach
    void killEverything() {
        for (JbrokerProcess p : new JbrokerProcess[] {scenario, server}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aStuckSubscriberInASmallHeapLosesOnlyItsOwnMessages() throws Exception {
        server = JbrokerProcess.start("bench-server", "bench", "server", "--listen", "127.0.0.1:0", "--no-tls");
        String first = server.out().await(l -> true, WAIT);
        assertThat(first).as("first line of %s", server.describe()).matches("listening on 127\\.0\\.0\\.1:\\d+");
        String port = first.substring(first.lastIndexOf(':') + 1);

        scenario = JbrokerProcess.startMain(
                "scenario",
                List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError"),
                OverloadScenario.class.getName(),
                port,
                String.valueOf(MESSAGES));
        scenario.out().awaitStartingWith("waiting for 'terminate'", RUN);

        // The peer's buffer is on the socket. The server has counted everything once a whole second
        // passes without a message; only then stop it, as a stop ends its counting at once.
        server.out().skipUnread();
        server.out().await(l -> l.startsWith("rate: 0 events/s"), WAIT);
        scenario.writeLine("terminate");
        String summary = server.out().awaitStartingWith("summary: ", WAIT);
        assertThat(server.awaitExit(WAIT)).as(server.describe()).isZero();
        assertThat(scenario.awaitExit(WAIT))
                .as("scenario exit status%s", scenario.describe())
                .isZero();

        Map<String, String> result = results(scenario.out().all());
        scenario.out().all().forEach(l -> System.out.println("scenario: " + l));
        System.out.println("bench server: " + summary);
        String context = scenario.describe() + server.describe();
        assertThat(result).as(context).containsEntry("published", String.valueOf(MESSAGES));
        assertThat(result).as(context).containsEntry("reader", String.valueOf(MESSAGES));
        assertThat(result).as(context).containsEntry("in_order", "true");
        long dropped = Long.parseLong(result.get("stuck_dropped"));
        long buffered = Long.parseLong(result.get("stuck_buffered"));
        assertThat(dropped + buffered)
                .as("stuck subscriber: dropped + buffered%s", context)
                .isEqualTo(MESSAGES);
        assertThat(buffered).as(context).isLessThanOrEqualTo(Long.parseLong(result.get("stuck_capacity")));
        assertThat(dropped).as(context).isPositive();
        assertThat(result).as(context).containsEntry("stuck_out", "0").containsEntry("drop_reported", "true");
        assertThat(result).as(context).containsEntry("peer_dropped", "0");
        assertThat(scenario.err().all()).as(context).noneMatch(l -> l.contains("OutOfMemoryError"));

        Map<String, String> totals = results(List.of(summary.substring("summary: ".length())));
        assertThat(totals).as(summary + context).containsEntry("received", String.valueOf(MESSAGES));
        assertThat(totals).as(summary + context).containsEntry("dropped", "0");
    }

    /** The {@code key=value} words of {@code lines}; a later key wins. */
    private static Map<String, String> results(List<String> lines) {
        Map<String, String> map = new HashMap<>();
        for (String line : lines) {
            for (String word : line.split(" ")) {
                int eq = word.indexOf('=');
                if (eq > 0) {
                    map.put(word.substring(0, eq), word.substring(eq + 1));
                }
            }
        }
        return map;
    }
}
