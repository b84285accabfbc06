package io.jbroker.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogBatchCodec;
import io.jbroker.zeek.log.LogRecord;
import io.jbroker.zeek.log.LogValue;
import io.jbroker.zeek.log.ZeekType;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PUSH side: against libzmq's PULL, and what close reports when the logger is not there. */
class ZmqLogSenderTest {
    static final LogStream SEQ = LogStream.builder("Seq::LOG", "seq")
            .field("sender", ZeekType.COUNT)
            .field("n", ZeekType.COUNT)
            .build();

    @TempDir
    Path work;

    /** Four JeroMQ senders at once into one libzmq PULL: every batch, each sender's in order, Zeek's frames. */
    @Test
    void fourSendersIntoLibzmqPull() throws Exception {
        PyZmq.assumeAvailable();
        int senders = 4;
        int batches = 100;
        try (PyZmq.Pull pull = PyZmq.pull(work, senders * batches)) {
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                Thread t = new Thread(() -> {
                    try (ZmqLogSender out = ZmqLogSender.connect(pull.endpoint, "worker-" + sender)) {
                        for (int b = 0; b < batches; b++) {
                            out.write(SEQ, SEQ.record(sender, 2L * b), SEQ.record(sender, 2L * b + 1));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                threads.add(t);
                t.start();
            }
            List<List<byte[]>> messages = pull.messages();
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertThat(failures).isEmpty();
            assertThat(messages).hasSize(senders * batches);
            Map<String, Long> next = new HashMap<>();
            for (List<byte[]> m : messages) {
                assertThat(m).hasSize(4);
                assertThat(new String(m.get(0), StandardCharsets.US_ASCII)).isEqualTo("log-write");
                assertThat(new String(m.get(2), StandardCharsets.US_ASCII)).isEqualTo("zeek-bin-serializer");
                String node = new String(m.get(1), StandardCharsets.UTF_8);
                LogBatch batch = LogBatchCodec.decode(m.get(3));
                assertThat(batch.header().path()).isEqualTo("seq");
                for (LogRecord r : batch.records()) {
                    long n = ((LogValue.Count) r.values().get(1)).value();
                    assertThat(n).as(node).isEqualTo(next.getOrDefault(node, 0L));
                    next.put(node, n + 1);
                }
            }
            assertThat(next).hasSize(senders).allSatisfy((node, n) -> assertThat(n)
                    .isEqualTo(2L * batches));
        }
    }

    /** Nobody listens: close waits the linger time, then says the batches are lost, all of them. */
    @Test
    void closeReportsWhatTheLoggerNeverGot() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ZmqLogSender out = ZmqLogSender.connect("tcp://127.0.0.1:" + port, "w", Duration.ofMillis(300));
        for (int i = 0; i < 3; i++) {
            out.write(SEQ, SEQ.record(0, i));
        }
        assertThat(out.batchesSent()).isEqualTo(3);
        assertThatThrownBy(out::close)
                .isInstanceOfSatisfying(UndeliveredLogsException.class, e -> {
                    assertThat(e.batchesLost()).isEqualTo(3);
                    assertThat(e.handshakes()).isZero();
                })
                .hasMessageContaining("never reached");
        // Closing twice is harmless.
        out.close();
    }
}
