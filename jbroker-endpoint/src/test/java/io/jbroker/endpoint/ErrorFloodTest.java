package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.endpoint.testing.Endpoints;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.MessageType;
import io.jbroker.internal.wire.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #11 fault 5: a flood of bad frames or bad connections from one address gives a bounded
 * number of error events (the first of each kind per interval), the rest counted and summarised in
 * one event when the interval ends. The endpoint's report clock is a fake one: no sleeps.
 */
class ErrorFloodTest {
    private static final EndpointId BAD = EndpointId.parse("eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee");

    private final AtomicLong clock = new AtomicLong();

    @RegisterExtension
    final Endpoints resources = new Endpoints();

    private Endpoint j;
    private Subscriber events;
    private int port;

    @BeforeEach
    void listen() {
        j = track(Endpoint.create(
                EndpointConfig.builder().tls(TlsConfig.off()).ioThreads(1).build(), clock::get));
        events = j.statusSubscriber();
        port = j.listen("127.0.0.1", 0);
    }

    private <T extends AutoCloseable> T track(T r) {
        resources.track(r);
        return r;
    }

    private List<ErrorEvent> errors() {
        List<ErrorEvent> out = new ArrayList<>();
        for (DataMessage m = events.poll(); m != null; m = events.poll()) {
            if (m.topic().equals(Topic.ERRORS)) {
                out.add(ErrorEvent.fromData(m.data()));
            }
        }
        return out;
    }

    private ErrorEvent awaitError() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            DataMessage m = events.get(Duration.ofMillis(100));
            if (m != null && m.topic().equals(Topic.ERRORS)) {
                return ErrorEvent.fromData(m.data());
            }
        }
        throw new AssertionError("no error event");
    }

    @Test
    void aFloodOfMalformedPayloadsFromAPeerGivesTheFirstTenErrorsThenOneSummary() throws Exception {
        Subscriber bad = j.subscribe("/bad"); // so that J decodes what F sends
        FakePeer f = track(FakePeer.connect(port));
        f.handshake(BAD, j.id(), FakePeer.filter("/bad"), true);
        for (int i = 0; i < 50; i++) {
            f.send(Envelope.of(BAD, EndpointId.NIL, MessageType.DATA, Topic.of("/bad/x"), new byte[] {0x0f}));
        }
        f.sync(BAD, j.id()); // all 50 handled
        List<ErrorEvent> first = errors();
        assertThat(first).hasSize(Endpoint.ERROR_REPORT_BURST);
        assertThat(first).allSatisfy(e -> assertThat(e.code()).isEqualTo(ErrorCode.DESERIALIZATION_FAILED));
        assertThat(j.metrics().malformed()).isEqualTo(50);
        assertThat(j.metrics().suppressedErrors()).isEqualTo(50 - Endpoint.ERROR_REPORT_BURST);

        clock.addAndGet(Endpoint.ERROR_REPORT_INTERVAL.toNanos());
        ErrorEvent summary = awaitError();
        assertThat(summary.code()).isEqualTo(ErrorCode.DESERIALIZATION_FAILED);
        assertThat(summary.message())
                .startsWith((50 - Endpoint.ERROR_REPORT_BURST) + " more deserialization_failed errors from 127.0.0.1"
                        + " suppressed");
        f.sync(BAD, j.id());
        assertThat(errors()).isEmpty();
        assertThat(j.peers()).extracting(PeerInfo::id).contains(BAD); // the peering stays up
    }

    @Test
    void aScanOfBadConnectionsFromOneAddressGivesTheFirstTenErrorsThenOneSummary() throws Exception {
        int connections = 30;
        for (int i = 0; i < connections; i++) {
            try (FakePeer f = FakePeer.connect(port)) {
                f.expect(FakePeer.frame(new Probe()));
                f.send(FakePeer.hex("00000005ffffffffff")); // not a handshake message
                f.awaitClose();
            }
        }
        int suppressed = connections - Endpoint.ERROR_REPORT_BURST;
        Await.until("every bad connection counted", () -> j.metrics().suppressedErrors() == suppressed);
        List<ErrorEvent> first = errors();
        assertThat(first).hasSize(Endpoint.ERROR_REPORT_BURST);
        assertThat(first).allSatisfy(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));

        clock.addAndGet(Endpoint.ERROR_REPORT_INTERVAL.toNanos());
        assertThat(awaitError().message())
                .startsWith(suppressed + " more invalid_message errors from 127.0.0.1 suppressed");
    }
}
