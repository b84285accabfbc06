package io.jbroker.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Samples a message counter and a byte counter once per second on its own daemon thread, prints
 * {@code rate: N events/s (M MB/s)} per sample, and keeps the samples for the summary.
 *
 * <p>The summary rate is the median of the samples from the first second with traffic to the last
 * second with traffic, without the first and the last of them (partial seconds at the start and
 * the end); idle seconds before the traffic starts and after it ends are not samples. MB are
 * 10^6 bytes.
 */
final class RateMeter implements AutoCloseable {
    private final LongSupplier messages;
    private final LongSupplier bytes;
    private final LineOutput out;
    private final ScheduledExecutorService timer;
    private final List<long[]> samples = new ArrayList<>();
    private long lastMessages;
    private long lastBytes;

    RateMeter(LongSupplier messages, LongSupplier bytes, LineOutput out) {
        this.messages = messages;
        this.bytes = bytes;
        this.out = out;
        this.lastMessages = messages.getAsLong();
        this.lastBytes = bytes.getAsLong();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jbroker-bench-rate");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        long m = messages.getAsLong();
        long b = bytes.getAsLong();
        long dm = m - lastMessages;
        long db = b - lastBytes;
        lastMessages = m;
        lastBytes = b;
        synchronized (samples) {
            samples.add(new long[] {dm, db});
        }
        out.line("rate: " + dm + " events/s (" + megabytes(db) + " MB/s)");
    }

    /** The median messages per second (see the class comment). */
    long medianRate() {
        return Math.round(median(0));
    }

    /** The median MB per second, as text with two decimals. */
    String medianMegabytes() {
        return megabytes(median(1));
    }

    private double median(int column) {
        List<long[]> active;
        synchronized (samples) {
            int first = 0;
            while (first < samples.size() && samples.get(first)[0] == 0) {
                first++;
            }
            int last = samples.size() - 1;
            while (last >= first && samples.get(last)[0] == 0) {
                last--;
            }
            active = new ArrayList<>(samples.subList(first, last + 1));
        }
        if (active.size() >= 3) {
            active = active.subList(1, active.size() - 1);
        }
        if (active.isEmpty()) {
            return 0;
        }
        long[] v = active.stream().mapToLong(s -> s[column]).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }

    /** Samples taken so far, as {@code [messages, bytes]} per second. */
    List<long[]> samples() {
        synchronized (samples) {
            List<long[]> copy = new ArrayList<>();
            for (long[] s : samples) {
                copy.add(Arrays.copyOf(s, 2));
            }
            return copy;
        }
    }

    private static String megabytes(double bytes) {
        return String.format(java.util.Locale.ROOT, "%.2f", bytes / 1e6);
    }

    /** Stops sampling; the summary stays readable. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
