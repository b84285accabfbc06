package io.jbroker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.data.Data;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite master in a separate JVM is killed abruptly (destroyForcibly, SIGKILL) in the middle of
 * a stream of puts and erases (both in the same group commits); the reopened file holds every
 * put the master had acknowledged, except for keys whose erase it had acknowledged, which are gone.
 */
class SqliteKillTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedPutSurvivesAKill() throws Exception {
        Path file = dir.resolve("killed.sqlite");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> path = new ArrayList<>();
        for (String p : List.of("jdk.module.path", "java.class.path")) {
            String v = System.getProperty(p);
            if (v != null && !v.isEmpty()) {
                path.add(v);
            }
        }
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        String.join(File.pathSeparator, path),
                        SqliteMasterProcess.class.getName(),
                        file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long lastAck = -1;
        long acks = 0;
        java.util.Set<Long> erased = new java.util.HashSet<>();
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            assertThat(r.readLine()).isEqualTo("READY");
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("DEL ")) {
                    erased.add(Long.parseLong(line.substring(4)));
                    continue;
                }
                assertThat(line).startsWith("ACK ");
                long n = Long.parseLong(line.substring(4));
                assertThat(n).as("acknowledged in order").isEqualTo(lastAck + 1);
                lastAck = n;
                if (++acks == 20_000) {
                    child.destroyForcibly();
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acks).isEqualTo(20_000);

        try (SqliteBackend reopened = SqliteBackend.open(file)) {
            assertThat(erased).as("erases were acknowledged too").isNotEmpty();
            for (long i = 0; i <= lastAck; i++) {
                java.util.Optional<Data> v = reopened.get(Data.string("k" + i)).map(Backend.Entry::value);
                if (erased.contains(i)) {
                    assertThat(v).as("acknowledged erase of %d", i).isEmpty();
                } else if (i % 10 != 0) { // never erased
                    assertThat(v).as("acknowledged put %d", i).contains(Data.count(i));
                } else {
                    // its erase may have been committed and not yet acknowledged: either is right
                    assertThat(v.isEmpty() || v.get().equals(Data.count(i))).isTrue();
                }
            }
        }
    }
}
