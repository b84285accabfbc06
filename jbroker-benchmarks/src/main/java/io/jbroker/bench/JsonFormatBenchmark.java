package io.jbroker.bench;

import io.jbroker.DataMessage;
import io.jbroker.data.Data;
import io.jbroker.data.JsonFormat;
import io.jbroker.websocket.internal.FastDataMessages;
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

/**
 * Encoding and decoding a type 2 ({@code conn.log} line) event in JSON v1: as a value, and as the
 * data-message frame of the WebSocket API, decoded by {@link JsonFormat} and by the gateway's and
 * client's {@link FastDataMessages}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonFormatBenchmark {
    private Data event;
    private byte[] encoded;
    private DataMessage message;
    private byte[] frame;

    @Setup
    public void setUp() {
        event = new ThroughputWorkload().event(2);
        encoded = JsonFormat.encode(event);
        message = DataMessage.of(ThroughputWorkload.TOPIC, event);
        frame = JsonFormat.encodeMessage(message);
    }

    @Benchmark
    public byte[] encodeConnLog() {
        return JsonFormat.encode(event);
    }

    @Benchmark
    public Data decodeConnLog() {
        return JsonFormat.decode(encoded);
    }

    @Benchmark
    public byte[] encodeConnLogMessage() {
        return JsonFormat.encodeMessage(message);
    }

    @Benchmark
    public DataMessage decodeConnLogMessage() {
        return JsonFormat.decodeMessage(frame);
    }

    @Benchmark
    public DataMessage fastDecodeConnLogMessage() {
        return FastDataMessages.decode(frame);
    }
}
