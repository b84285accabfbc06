package io.jbroker.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** CPU time and peak resident memory of this process, for the benchmark summaries. */
final class ProcessUsage {
    private ProcessUsage() {}

    /** Process CPU time (all threads, user and system) in seconds, or -1 if the JVM cannot tell. */
    static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean) {
            long ns = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return ns < 0 ? -1 : ns / 1e9;
        }
        return -1;
    }

    /** Peak resident set size in MiB ({@code VmHWM} of {@code /proc/self/status}), or 0 if unknown. */
    static long peakRssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no procfs: unknown.
        }
        return 0;
    }

    /**
     * The summary line: {@code summary: <countKey>=N rate=R mb_per_s=M cpu_s=C peak_rss_mb=P
     * dropped=D}.
     */
    static String summary(String countKey, long count, RateMeter meter, long dropped) {
        return String.format(
                Locale.ROOT,
                "summary: %s=%d rate=%d mb_per_s=%s cpu_s=%.2f peak_rss_mb=%d dropped=%d",
                countKey,
                count,
                meter.medianRate(),
                meter.medianMegabytes(),
                cpuSeconds(),
                peakRssMegabytes(),
                dropped);
    }
}
