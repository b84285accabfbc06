package io.jbroker.bench;

import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.zeek.internal.workload.ThroughputWorkload;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding one {@code broker-throughput} event of each type in format bin v1, the
 * counterpart of upstream's encode/decode figures (59/341 ns, 186/972 ns, 5.8/67 µs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BinaryFormatBenchmark {
    @Param({"1", "2", "3"})
    public int type;

    private Data event;
    private byte[] encoded;

    @Setup
    public void setUp() {
        event = new ThroughputWorkload().event(type);
        encoded = BinaryFormat.encode(event);
    }

    @Benchmark
    public byte[] encode() {
        return BinaryFormat.encode(event);
    }

    @Benchmark
    public Data decode() {
        return BinaryFormat.decode(encoded);
    }

    /** Decoding without copying string bytes, as the receive path does for private frames. */
    @Benchmark
    public Data decodeShared() {
        return BinaryFormat.decodeShared(encoded, 0, encoded.length);
    }
}
