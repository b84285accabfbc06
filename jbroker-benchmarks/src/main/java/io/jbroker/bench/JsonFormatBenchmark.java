package io.jbroker.bench;

import io.jbroker.data.Data;
import io.jbroker.data.JsonFormat;
import io.jbroker.zeek.internal.workload.ThroughputWorkload;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Encoding and decoding a type 2 ({@code conn.log} line) event in JSON v1. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonFormatBenchmark {
    private Data event;
    private byte[] encoded;

    @Setup
    public void setUp() {
        event = new ThroughputWorkload().event(2);
        encoded = JsonFormat.encode(event);
    }

    @Benchmark
    public byte[] encodeConnLog() {
        return JsonFormat.encode(event);
    }

    @Benchmark
    public Data decodeConnLog() {
        return JsonFormat.decode(encoded);
    }
}
