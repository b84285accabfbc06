package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jbroker store master|clone|get|put|erase|keys} in-process against each other over
 * 127.0.0.1: the operator commands write through the master, the master and a clone print the
 * store events, errors are one line and a non-zero status.
 */
class StoreCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static CliRun store(int port, String... args) {
        String[] all = new String[args.length + 6];
        all[0] = "store";
        all[1] = args[0];
        all[2] = "--name";
        all[3] = "s";
        all[4] = "--peer";
        all[5] = "127.0.0.1:" + port;
        all[6] = "--no-tls";
        System.arraycopy(args, 1, all, 7, args.length - 1);
        return CliRun.run("", all);
    }

    @Test
    void operatorCommandsReadAndWriteAMasterAndTheMasterAndACloneReport() throws Exception {
        try (BackgroundRun master =
                BackgroundRun.start("store", "master", "--name", "s", "--listen", "127.0.0.1:0", "--no-tls")) {
            int port = master.listeningPort();
            master.awaitLine("attached master s"::equals, WAIT)
                    .orElseThrow(() -> new AssertionError("no 'attached' line: " + master.outLines()));
            assertThat(master.outLines().get(0)).startsWith("listening on 127.0.0.1:");
            assertThat(master.outLines().get(1)).isEqualTo("attached master s");

            try (BackgroundRun clone =
                    BackgroundRun.start("store", "clone", "--name", "s", "--peer", "127.0.0.1:" + port, "--no-tls")) {
                clone.awaitLine("attached clone s"::equals, WAIT)
                        .orElseThrow(() -> new AssertionError("no clone line: " + clone.outLines() + clone.err()));

                CliRun put = store(port, "put", "k", "v");
                assertThat(put.exitCode()).as(put.err()).isZero();
                assertThat(put.outText()).isEqualTo("ok\n");
                CliRun putCount = store(port, "put", "n", "{\"@data-type\":\"count\",\"data\":7}");
                assertThat(putCount.exitCode()).as(putCount.err()).isZero();

                CliRun get = store(port, "get", "k");
                assertThat(get.exitCode()).as(get.err()).isZero();
                assertThat(get.outText()).isEqualTo("{\"@data-type\":\"string\",\"data\":\"v\"}\n");
                CliRun getCount = store(port, "get", "n");
                assertThat(getCount.outText()).isEqualTo("{\"@data-type\":\"count\",\"data\":7}\n");

                CliRun keys = store(port, "keys");
                assertThat(keys.exitCode()).as(keys.err()).isZero();
                assertThat(keys.outText().lines())
                        .containsExactlyInAnyOrder(
                                "{\"@data-type\":\"string\",\"data\":\"k\"}",
                                "{\"@data-type\":\"string\",\"data\":\"n\"}");

                CliRun erase = store(port, "erase", "k");
                assertThat(erase.exitCode()).as(erase.err()).isZero();
                CliRun missing = store(port, "get", "k");
                assertThat(missing.exitCode()).isEqualTo(1);
                assertThat(missing.err()).startsWith("jbroker store get: ").contains("no such key");

                String insert =
                        "insert {\"@data-type\":\"string\",\"data\":\"k\"} {\"@data-type\":\"string\",\"data\":\"v\"}";
                String erased = "erase {\"@data-type\":\"string\",\"data\":\"k\"}";
                assertThat(master.awaitLine(erased::equals, WAIT)).isPresent();
                assertThat(master.outLines()).contains(insert);
                assertThat(clone.awaitLine(erased::equals, WAIT)).isPresent();
                assertThat(clone.outLines()).contains(insert);
                clone.stop();
            }
            master.stop();
        }
    }

    @Test
    void aCloneReportsTheContentOfTheMastersFirstSnapshotAfterItsAttachedLine() throws Exception {
        try (BackgroundRun master =
                BackgroundRun.start("store", "master", "--name", "s", "--listen", "127.0.0.1:0", "--no-tls")) {
            int port = master.listeningPort();
            CliRun put = store(port, "put", "before", "v");
            assertThat(put.exitCode()).as(put.err()).isZero();
            String insert =
                    "insert {\"@data-type\":\"string\",\"data\":\"before\"} {\"@data-type\":\"string\",\"data\":\"v\"}";
            try (BackgroundRun clone =
                    BackgroundRun.start("store", "clone", "--name", "s", "--peer", "127.0.0.1:" + port, "--no-tls")) {
                assertThat(clone.awaitLine(insert::equals, WAIT))
                        .as("the snapshot's insert: %s %s", clone.outLines(), clone.err())
                        .isPresent();
                assertThat(clone.outLines().indexOf(insert))
                        .isGreaterThan(clone.outLines().indexOf("attached clone s"));
                assertThat(clone.outLines()).filteredOn(insert::equals).hasSize(1);
                clone.stop();
            }
            master.stop();
        }
    }

    @Test
    void aMasterOnSqliteKeepsWritesAcrossRestarts(@TempDir Path dir) throws Exception {
        String backend = "sqlite:" + dir.resolve("s.db");
        try (BackgroundRun master = BackgroundRun.start(
                "store", "master", "--name", "s", "--listen", "127.0.0.1:0", "--no-tls", "--backend", backend)) {
            int port = master.listeningPort();
            CliRun put = store(port, "put", "k", "durable");
            assertThat(put.exitCode()).as(put.err()).isZero();
            master.stop();
        }
        try (BackgroundRun master = BackgroundRun.start(
                "store", "master", "--name", "s", "--listen", "127.0.0.1:0", "--no-tls", "--backend", backend)) {
            int port = master.listeningPort();
            CliRun get = store(port, "get", "k");
            assertThat(get.outText()).as(get.err()).isEqualTo("{\"@data-type\":\"string\",\"data\":\"durable\"}\n");
            master.stop();
        }
    }

    @Test
    void aSecondMasterOfTheSameStoreIsRefused() throws Exception {
        try (BackgroundRun master =
                BackgroundRun.start("store", "master", "--name", "s", "--listen", "127.0.0.1:0", "--no-tls")) {
            int port = master.listeningPort();
            master.awaitLine("attached master s"::equals, WAIT)
                    .orElseThrow(() -> new AssertionError("no 'attached' line: " + master.outLines()));
            CliRun second = CliRun.run(
                    "",
                    "store",
                    "master",
                    "--name",
                    "s",
                    "--peer",
                    "127.0.0.1:" + port,
                    "--no-tls",
                    "--duration",
                    "5s");
            assertThat(second.exitCode()).as(second.outText()).isEqualTo(1);
            assertThat(second.err()).startsWith("jbroker store master: ");
            assertThat(second.outText()).doesNotContain("attached master");
            master.stop();
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        CliRun backend = CliRun.run(
                "", "store", "master", "--name", "s", "--listen", "127.0.0.1:0", "--no-tls", "--backend", "redis");
        assertThat(backend.exitCode()).isEqualTo(2);
        assertThat(backend.err()).contains("--backend must be 'memory' or 'sqlite:FILE'");

        CliRun json = CliRun.run("", "store", "get", "--name", "s", "--peer", "127.0.0.1:1", "--no-tls", "{bad");
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.err()).contains("not a JSON v1 value: {bad");

        CliRun noPeer = CliRun.run("", "store", "keys", "--name", "s");
        assertThat(noPeer.exitCode()).isEqualTo(2);
        assertThat(noPeer.err()).contains("--peer");
    }

    @Test
    void anUnreachablePeerIsOneErrorLine() {
        CliRun run =
                CliRun.run("", "store", "keys", "--name", "s", "--peer", "127.0.0.1:1", "--no-tls", "--timeout", "2s");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("jbroker store keys: cannot peer with 127.0.0.1:1");
    }
}
