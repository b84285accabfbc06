package io.jbroker.kafka.bench;

import io.jbroker.kafka.KafkaLogSink;
import io.jbroker.kafka.KafkaMetrics;
import io.jbroker.kafka.KafkaSinkConfig;
import io.jbroker.kafka.testing.KafkaBroker;
import io.jbroker.logger.LogDirectoryWriter;
import io.jbroker.logger.LogEvents;
import io.jbroker.logger.LogOutput;
import io.jbroker.logger.LogSink;
import io.jbroker.logger.LogWriterConfig;
import io.jbroker.logger.ZmqLogReceiver;
import io.jbroker.logger.ZmqLogSender;
import io.jbroker.logger.bench.ConnLogWorkload;
import io.jbroker.prometheus.JbrokerCollectors;
import io.jbroker.prometheus.MetricsServer;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogBatchCodec;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * conn.log records per second through the logger (not a test): ZeroMQ PUSH of encoded batches,
 * the logger's PULL receiver, then the JSON files ({@link LogDirectoryWriter}) or Kafka ({@link
 * KafkaLogSink}, a topic of 1 or 8 partitions, until Kafka acknowledged every record), each Kafka
 * run with and without {@code /metrics} scraped every second. Starts its own Kafka broker (a child
 * JVM, as the tests do). {@code KafkaSinkBenchmark DIR RECORDS ROUNDS}.
 */
public final class KafkaSinkBenchmark {

    private KafkaSinkBenchmark() {}

    static List<byte[]> encodedBatches(int records) {
        List<byte[]> out = new ArrayList<>();
        for (LogBatch b : ConnLogWorkload.batches(records)) {
            out.add(LogBatchCodec.encode(b));
        }
        return out;
    }

    /**
     * Pushes every batch into a logger feeding {@code sink}; returns records/s until {@code done}
     * reaches {@code records}, timed from after a first batch went through (the connection is up).
     * Gives up after 5 minutes and says how far it got.
     */
    static String run(LogSink sink, List<byte[]> batches, int records, LongSupplier done) throws Exception {
        ZmqLogReceiver pull = ZmqLogReceiver.bind(sink, LogEvents.NONE, "tcp://127.0.0.1:*");
        try (ZmqLogSender push = ZmqLogSender.connect(pull.endpoint(), "bench")) {
            push.send(batches.get(0));
            long warm = System.nanoTime() + 60_000_000_000L;
            while (done.getAsLong() < 1000 && System.nanoTime() < warm) {
                Thread.sleep(1);
            }
            long first = done.getAsLong();
            long t0 = System.nanoTime();
            for (byte[] b : batches.subList(1, batches.size())) {
                push.send(b);
            }
            long deadline = t0 + 300_000_000_000L;
            while (done.getAsLong() < records && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long got = done.getAsLong() - first;
            String rate = String.format("%,10.0f records/s", got / seconds);
            return done.getAsLong() < records
                    ? rate + " INCOMPLETE: " + done.getAsLong() + " of " + records + ", ZeroMQ messages received "
                            + pull.receivedCount() + " of " + batches.size()
                    : rate;
        } finally {
            pull.close();
        }
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        int records = Integer.parseInt(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<byte[]> batches = encodedBatches(records);
        System.out.println("records: " + records + " in batches of 1000, " + rounds + " rounds; Kafka "
                + "starting (child JVM, KRaft, 127.0.0.1)");
        try (KafkaBroker kafka = KafkaBroker.start()) {
            System.out.println("kafka " + kafka.bootstrap() + " up");
            for (int round = 1; round <= rounds; round++) {
                Path dir = base.resolve("round" + round);
                Files.createDirectories(dir);
                try (LogDirectoryWriter w = new LogDirectoryWriter(
                        LogWriterConfig.defaults(dir).withOutput(LogOutput.JSON), LogEvents.NONE)) {
                    String rate = run(w, batches, records, () -> w.stats().recordsWritten());
                    System.out.printf("round %d  files (JSON)                     %s%n", round, rate);
                }
                Files.deleteIfExists(dir.resolve("conn.log"));
                for (int partitions : new int[] {1, 8}) {
                    // Alternate which goes first, so that warm-up does not favour one side.
                    boolean[] order = round % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false};
                    for (boolean scrape : order) {
                        String topic = "bench-r" + round + "-p" + partitions + (scrape ? "-s" : "-n");
                        kafka.createTopic(topic, partitions);
                        KafkaSinkConfig c =
                                KafkaSinkConfig.defaults(kafka.bootstrap()).withTopic(topic);
                        java.util.concurrent.atomic.AtomicReference<String> firstLoss =
                                new java.util.concurrent.atomic.AtomicReference<>("");
                        KafkaLogSink sink = KafkaLogSink.start(c, new LogEvents() {
                            @Override
                            public void dropped(String path, long n, String reason) {
                                firstLoss.compareAndSet("", "; first loss: " + n + " " + reason);
                            }
                        });
                        AtomicLong scrapes = new AtomicLong();
                        MetricsServer server = null;
                        Thread scraper = null;
                        AtomicBoolean stopScraper = null;
                        if (scrape) {
                            server = MetricsServer.start("127.0.0.1", 0);
                            JbrokerCollectors.registerJvm(server.registry());
                            KafkaMetrics.register(server.registry(), Map.of("logs", sink::stats));
                            java.net.URI uri = server.uri();
                            AtomicBoolean stop = new AtomicBoolean();
                            stopScraper = stop;
                            scraper = new Thread(() -> {
                                HttpClient http = HttpClient.newHttpClient();
                                try {
                                    while (!stop.get()) {
                                        http.send(
                                                HttpRequest.newBuilder(uri).build(),
                                                HttpResponse.BodyHandlers.ofString());
                                        scrapes.incrementAndGet();
                                        Thread.sleep(1000);
                                    }
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                } catch (Exception e) {
                                    System.out.println("scrape failed: " + e);
                                }
                            });
                            scraper.setDaemon(true);
                            scraper.start();
                        }
                        String rate;
                        try {
                            rate = run(
                                    sink, batches, records, () -> sink.stats().recordsAcknowledged());
                        } finally {
                            if (scraper != null) {
                                stopScraper.set(true); // no interrupt: a scrape in progress completes
                                scraper.join();
                            }
                            if (server != null) {
                                server.close();
                            }
                            sink.close();
                        }
                        System.out.printf(
                                "round %d  kafka %d partition%s %-20s %s  (failed %d, dropped %d%s)%n",
                                round,
                                partitions,
                                partitions == 1 ? ", " : "s,",
                                scrape ? "/metrics every 1 s" : "no scrape",
                                rate,
                                sink.stats().recordsFailed(),
                                sink.stats().recordsDropped(),
                                (scrape ? ", " + scrapes.get() + " scrapes" : "") + firstLoss.get());
                    }
                }
            }
            scrapeCost(kafka);
        }
    }

    /**
     * The cost of one scrape measured directly: 500 scrapes back to back of the same collectors
     * over HTTP, the whole process's CPU time per scrape (server and client side both).
     */
    static void scrapeCost(KafkaBroker kafka) throws Exception {
        KafkaLogSink sink = KafkaLogSink.start(KafkaSinkConfig.defaults(kafka.bootstrap()), LogEvents.NONE);
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0)) {
            JbrokerCollectors.registerJvm(server.registry());
            KafkaMetrics.register(server.registry(), Map.of("logs", sink::stats));
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(server.uri()).build();
            for (int i = 0; i < 200; i++) { // warm-up
                http.send(request, HttpResponse.BodyHandlers.ofString());
            }
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            int n = 500;
            long bytes = 0;
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                bytes += http.send(request, HttpResponse.BodyHandlers.ofString())
                        .body()
                        .length();
            }
            double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6 / n;
            double wallMs = (System.nanoTime() - t0) / 1e6 / n;
            System.out.printf(
                    "scrape cost: %d scrapes of %d bytes, %.2f ms wall and %.2f ms process CPU each;"
                            + " one a second is %.2f%% of one core%n",
                    n, bytes / n, wallMs, cpuMs, cpuMs / 10.0);
        } finally {
            sink.close();
        }
    }
}
