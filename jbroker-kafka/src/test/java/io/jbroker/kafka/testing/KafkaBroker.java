package io.jbroker.kafka.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A real Kafka broker for tests: Kafka's own server ({@code org.apache.kafka:kafka_2.13}, {@code
 * kafka.Kafka}) in KRaft combined mode (broker and controller), as a child JVM on the test class
 * path, bound to 127.0.0.1 on free ports, its log directory in a temporary directory. Being a
 * child process, it can be stopped and resumed ({@link #suspend()}, {@link #resume()}: SIGSTOP and
 * SIGCONT) to play a stalled Kafka.
 */
public final class KafkaBroker implements AutoCloseable {
    private static KafkaBroker shared;

    private final Path dir;
    private final int port;
    private final Process process;
    private final Path output;

    private KafkaBroker(Path dir, int port, Process process, Path output) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.output = output;
    }

    /** One broker for the whole test JVM (never suspended), stopped when the JVM ends. */
    public static synchronized KafkaBroker shared() throws Exception {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            KafkaBroker b = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(b::close, "kafka-test-broker-stop"));
        }
        return shared;
    }

    /** Formats a new log directory and starts a broker on it; returns once it serves metadata. */
    public static KafkaBroker start() throws Exception {
        Path dir = Files.createTempDirectory("jbroker-kafka-test");
        int port = freePort();
        int controller = freePort();
        Path props = dir.resolve("server.properties");
        Files.writeString(
                props,
                String.join(
                                "\n",
                                "process.roles=broker,controller",
                                "node.id=1",
                                "controller.quorum.voters=1@127.0.0.1:" + controller,
                                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                                "controller.listener.names=CONTROLLER",
                                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                                "log.dirs=" + dir.resolve("data"),
                                "num.partitions=1",
                                "offsets.topic.replication.factor=1",
                                "offsets.topic.num.partitions=1",
                                "transaction.state.log.replication.factor=1",
                                "transaction.state.log.min.isr=1",
                                "share.coordinator.state.topic.replication.factor=1",
                                "share.coordinator.state.topic.min.isr=1",
                                "group.initial.rebalance.delay.ms=0",
                                "auto.create.topics.enable=true",
                                "")
                        + "\n");
        Path output = dir.resolve("kafka.out");
        Process format = java(
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        props.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("format.out").toFile())
                .start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException(
                    "kafka-storage format failed: " + Files.readString(dir.resolve("format.out")));
        }
        Process p = java("kafka.Kafka", props.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        KafkaBroker b = new KafkaBroker(dir, port, p, output);
        try {
            b.awaitReady(Duration.ofSeconds(90));
        } catch (Exception | Error e) {
            b.close();
            throw e;
        }
        return b;
    }

    private static ProcessBuilder java(String main, String... args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m",
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Djava.net.preferIPv4Stack=true",
                "-cp",
                cp,
                main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited with " + process.exitValue() + ": " + tail());
            }
            try (Admin admin = admin()) {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Kafka not ready in " + timeout + ": " + last + "\n" + tail());
    }

    /** The last lines the broker printed. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** {@code 127.0.0.1:PORT}. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The broker's process id. */
    public long pid() {
        return process.pid();
    }

    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10000));
    }

    /** Creates {@code topic} with {@code partitions} partitions (nothing if it exists). */
    public void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            awaitLeaders(admin, topic, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Waits (up to 30 s) until the broker's metadata names a leader for every partition of {@code topic}. */
    private static void awaitLeaders(Admin admin, String topic, int partitions) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                var description = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .get(topic);
                if (description.partitions().size() == partitions
                        && description.partitions().stream()
                                .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                // not known to the broker yet: ask again
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no leader for every partition of " + topic + " after 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** SIGSTOP: the broker stops answering (connections stay open), as a stalled Kafka. */
    public void suspend() throws Exception {
        signal("-STOP");
    }

    /** SIGCONT: the broker carries on where it stopped. */
    public void resume() throws Exception {
        signal("-CONT");
    }

    private void signal(String sig) throws Exception {
        Process k = new ProcessBuilder("kill", sig, Long.toString(process.pid()))
                .inheritIO()
                .start();
        if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
            throw new IllegalStateException("kill " + sig + " " + process.pid() + " failed");
        }
    }

    /**
     * Reads every record of {@code topic} (all partitions, from the beginning) until {@code done}
     * says so, then a little more to see that nothing else follows; fails after {@code timeout}.
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration timeout, ReadDone done)
            throws InterruptedException {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5000),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (parts.isEmpty()) {
                c.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no partitions of " + topic);
                }
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (true) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                boolean atEnd = true;
                end = c.endOffsets(parts);
                for (TopicPartition tp : parts) {
                    atEnd &= c.position(tp) >= end.get(tp);
                }
                if (atEnd && done.done(out)) {
                    return out;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("read " + out.size() + " records of " + topic + " in " + timeout);
                }
            }
        }
    }

    /** When {@link #readAll} may stop (it also waits for the end of every partition). */
    @FunctionalInterface
    public interface ReadDone {
        boolean done(List<ConsumerRecord<byte[], byte[]>> soFar);
    }

    /** Topics in the cluster. */
    public Set<String> topics() throws Exception {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        }
    }

    /** Polls {@code condition} until true; fails after {@code timeoutMillis}. */
    public static void until(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Kills the broker (SIGKILL, after a SIGCONT in case it was stopped) and deletes its directory. */
    @Override
    public void close() {
        try {
            signal("-CONT");
        } catch (Exception ignored) {
            // Already gone.
        }
        // No controlled shutdown needed: the tests are done with what it wrote.
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // Temporary files only.
        }
    }
}
