package io.jbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #8's overload case on the ZeroMQ side, with jbroker in every role: a jbroker proxy, two
 * jbroker subscriber nodes ({@code bench server --zeromq}) and a publisher ({@code bench client
 * --zeromq}) publishing as fast as the proxy takes it, each in a JVM with a 128 MB heap that exits
 * on an {@code OutOfMemoryError}. One subscriber is stopped with SIGSTOP for the whole run: the
 * proxy reports the stall and goes lossy for it (its policy), the publisher loses nothing, the other
 * subscriber keeps receiving everything relayed without loss, no JVM runs out of memory, and the
 * stopped node, continued, drains a bounded backlog and stops cleanly. Only counts are checked.
 *
 * <p>With the proxy's stall timeout equal to the publisher's (both 1 s, the old default), about one
 * run in four lost the publisher's link buffer to its policy instead ({@code dropped=8193}).
 */
class StoppedZeroMqNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<JbrokerProcess> processes = new ArrayList<>();

    @AfterEach
    void killEverything() {
        processes.forEach(JbrokerProcess::close);
    }

    private JbrokerProcess start(String name, String... args) throws Exception {
        JbrokerProcess p =
                JbrokerProcess.startMain(name, List.of("-XX:+ExitOnOutOfMemoryError"), "io.jbroker.cli.Main", args);
        processes.add(p);
        return p;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aStoppedSubscriberNodeCostsOthersOneStallAndNothingGrows() throws Exception {
        JbrokerProcess proxy = start(
                "proxy",
                "zeromq",
                "proxy",
                "--listen-xpub",
                "tcp://127.0.0.1:0",
                "--listen-xsub",
                "tcp://127.0.0.1:0",
                "--metrics-interval",
                "1s");
        String first = proxy.out().await(l -> true, WAIT);
        assertThat(first).as(proxy.describe()).startsWith("proxy xpub=");
        Map<String, String> endpoints = words(first);
        String[] cluster = {"--connect-xsub", endpoints.get("xpub"), "--connect-xpub", endpoints.get("xsub")};

        JbrokerProcess flowing = start("flowing", concat(new String[] {"bench", "server", "--zeromq"}, cluster));
        JbrokerProcess stopped = start("stopped", concat(new String[] {"bench", "server", "--zeromq"}, cluster));
        // "ready" comes once a node's own subscription came back through the proxy, so both
        // servers' subscriptions are in place.
        assertThat(flowing.out().await(l -> true, WAIT)).as(flowing.describe()).startsWith("ready ");
        assertThat(stopped.out().await(l -> true, WAIT)).as(stopped.describe()).startsWith("ready ");
        stopped.signal("STOP");

        JbrokerProcess client =
                start("client", concat(new String[] {"bench", "client", "--zeromq", "--duration", "15s"}, cluster));
        String clientSummary = client.out().awaitStartingWith("summary: ", Duration.ofMinutes(2));
        assertThat(client.awaitExit(WAIT)).as(client.describe()).isZero();
        Map<String, String> sent = words(clientSummary);
        assertThat(sent).as(clientSummary + client.describe()).containsEntry("dropped", "0");
        long published = Long.parseLong(sent.get("sent"));

        // The proxy has relayed all of it once its count stops moving at the publisher's total.
        Map<String, String> relay = Map.of();
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            relay = words(proxy.out().awaitStartingWith("metrics: proxy ", WAIT));
            if (Long.parseLong(relay.get("messages")) >= published) {
                break;
            }
        }
        String context = relay + proxy.describe() + client.describe();
        assertThat(Long.parseLong(relay.get("messages"))).as(context).isGreaterThanOrEqualTo(published);
        assertThat(Long.parseLong(relay.get("stalls")))
                .as("the stopped node was reported" + context)
                .isPositive();
        long lossy = Long.parseLong(relay.get("lossy"));
        assertThat(lossy).as("policy applied to the stopped node" + context).isPositive();
        assertThat(relay).as(context).containsEntry("running", "true");

        // The flowing subscriber has counted everything once a whole second passes without a message.
        flowing.out().skipUnread();
        flowing.out().await(l -> l.startsWith("rate: 0 events/s"), WAIT);
        flowing.terminate();
        Map<String, String> got = words(flowing.out().awaitStartingWith("summary: ", WAIT));
        assertThat(flowing.awaitExit(WAIT)).as(flowing.describe()).isEqualTo(143);
        long received = Long.parseLong(got.get("received"));
        assertThat(received)
                .as("every message relayed without loss reached the flowing node" + flowing.describe())
                .isGreaterThanOrEqualTo(published - lossy)
                .isLessThanOrEqualTo(published);

        stopped.signal("CONT");
        stopped.out().skipUnread();
        stopped.out().await(l -> l.startsWith("rate: 0 events/s"), WAIT);
        stopped.terminate();
        Map<String, String> backlog = words(stopped.out().awaitStartingWith("summary: ", WAIT));
        assertThat(stopped.awaitExit(WAIT)).as(stopped.describe()).isEqualTo(143);
        assertThat(Long.parseLong(backlog.get("received")))
                .as("the stopped node got a bounded backlog, not everything" + stopped.describe())
                .isLessThan(published);

        proxy.terminate();
        assertThat(proxy.awaitExit(WAIT)).as(proxy.describe()).isEqualTo(143);
        for (JbrokerProcess p : processes) {
            assertThat(p.err().all()).as(p.describe()).noneMatch(l -> l.contains("OutOfMemoryError"));
        }
        System.out.println("stopped-node run: published=" + published + " relayed_lossy=" + lossy
                + " flowing_received=" + received + " stopped_backlog=" + backlog.get("received") + " "
                + relay);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The {@code key=value} words of {@code line}. */
    private static Map<String, String> words(String line) {
        Map<String, String> map = new HashMap<>();
        for (String word : line.split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                map.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return map;
    }
}
