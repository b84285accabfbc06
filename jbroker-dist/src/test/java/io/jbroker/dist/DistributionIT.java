package io.jbroker.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball {@code ./mvnw package} builds: unpacked with {@code tar}, its launcher runs on a
 * clean JDK 17 (only {@code JAVA_HOME} and a minimal {@code PATH} in the environment): {@code
 * --help}, {@code --version}, a node, and a node with the example configuration serving metrics.
 */
class DistributionIT {
    private static final Path JDK17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

    @TempDir
    static Path dir;

    static Path home;
    static String version;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("jbroker.dist.tarball"));
        version = System.getProperty("jbroker.dist.version");
        assertThat(tarball).as("the distribution tarball").isRegularFile();
        Run tar = run(
                new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", dir.toString()), Duration.ofSeconds(60));
        assertThat(tar.exit).as(tar.output.toString()).isZero();
        home = dir.resolve("jbroker-" + version);
    }

    @Test
    void theTarballHoldsTheLauncherTheJarTheDocsAndTheExamples() {
        assertThat(home.resolve("bin/jbroker")).isExecutable();
        assertThat(home.resolve("lib/jbroker.jar")).isRegularFile();
        assertThat(home.resolve("README.md")).isRegularFile();
        assertThat(home.resolve("docs/operations.md")).isRegularFile();
        assertThat(home.resolve("docs/metrics.md")).isRegularFile();
        assertThat(home.resolve("docs/configuration.md")).isRegularFile();
        assertThat(home.resolve("examples/node.conf")).isRegularFile();
        assertThat(home.resolve("examples/prometheus.yml")).isRegularFile();
    }

    @Test
    void theLauncherPrintsUsageAndVersionOnJdk17() throws Exception {
        Run help = jbroker(Duration.ofSeconds(60), "--help");
        assertThat(help.exit).as(help.output.toString()).isZero();
        assertThat(help.output.get(0)).startsWith("Usage: jbroker");
        assertThat(String.join("\n", help.output)).contains("node", "bench");

        Run v = jbroker(Duration.ofSeconds(60), "--version");
        assertThat(v.exit).as(v.output.toString()).isZero();
        assertThat(String.join("\n", v.output)).contains(version);
    }

    @Test
    void theLauncherRunsANodeOnJdk17() throws Exception {
        Run node = jbroker(Duration.ofSeconds(60), "node", "--listen", "127.0.0.1:0", "--no-tls", "--duration", "2s");
        assertThat(node.exit).as(node.output.toString()).isZero();
        assertThat(node.output.get(0)).matches("listening on 127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void aNodeWithTheExampleConfigurationServesMetrics() throws Exception {
        Process p = launcher(
                        "node",
                        "--config",
                        home.resolve("examples/node.conf").toString(),
                        "--listen",
                        "127.0.0.1:0",
                        "--topic",
                        "/zeek/",
                        "--metrics",
                        "127.0.0.1:0",
                        "--duration",
                        "20s")
                .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = collect(p, lines);
        try {
            String metricsLine = await(lines, "metrics on ", p);
            assertThat(lines.get(0)).startsWith("listening on 127.0.0.1:");
            URI uri = URI.create(metricsLine.substring("metrics on ".length()));
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body())
                    .contains("# TYPE broker_connections gauge")
                    .contains("broker_connections{type=\"native\"} 0.0")
                    .contains("topics=\"/zeek/\"")
                    .contains("jvm_runtime_info{");
        } finally {
            p.destroy(); // SIGTERM: the node stops cleanly
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
        }
        assertThat(p.exitValue()).as(lines.toString()).isIn(0, 143);
    }

    private static String await(List<String> lines, String prefix, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<String> line =
                    lines.stream().filter(l -> l.startsWith(prefix)).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line starting with '" + prefix + "': " + lines);
    }

    private static Run jbroker(Duration max, String... args) throws Exception {
        return run(launcher(args), max);
    }

    /** {@code bin/jbroker ARGS} with JAVA_HOME the JDK 17 and nothing else from this environment. */
    private static ProcessBuilder launcher(String... args) {
        assumeTrue(
                Files.isExecutable(JDK17.resolve("bin/java")),
                "SKIPPED LOUDLY: no JDK 17 at " + JDK17 + "; the distribution test needs it");
        List<String> command = new java.util.ArrayList<>();
        command.add(home.resolve("bin/jbroker").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("JAVA_HOME", JDK17.toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", dir.toString());
        pb.directory(dir.toFile());
        return pb;
    }

    record Run(int exit, List<String> output) {}

    private static Run run(ProcessBuilder pb, Duration max) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = collect(p, lines);
        if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after " + max + ": " + lines);
        }
        reader.join(5000);
        return new Run(p.exitValue(), lines);
    }

    private static Thread collect(Process p, List<String> lines) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        lines.add("(read failed: " + e + ")");
                    }
                },
                "dist-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
