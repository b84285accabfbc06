package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.data.Data;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusEventsTest {
    private static final EndpointId PEER = EndpointId.parse("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");

    @Test
    void peerAddedHasBrokersLayout() {
        Status s = new Status(
                StatusCode.PEER_ADDED,
                EndpointInfo.of(PEER, new NetworkInfo("127.0.0.1", 9999, Duration.ofSeconds(10))),
                "handshake successful");
        assertThat(s.toData().toString())
                .isEqualTo("(status, peer_added, (bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb, 127.0.0.1, 9999/tcp, 10),"
                        + " handshake successful)");
        assertThat(Status.fromData(s.toData())).isEqualTo(s);
    }

    @Test
    void endpointDiscoveredCarriesNoNetworkInfo() {
        Status s = new Status(StatusCode.ENDPOINT_DISCOVERED, EndpointInfo.of(PEER), "found a new peer in the network");
        assertThat(s.toData().toString())
                .isEqualTo("(status, endpoint_discovered, (bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb, nil, nil, nil),"
                        + " found a new peer in the network)");
        assertThat(Status.fromData(s.toData())).isEqualTo(s);
    }

    @Test
    void unspecifiedStatusHasNoneContext() {
        Status s = new Status(StatusCode.UNSPECIFIED, EndpointInfo.of(EndpointId.NIL), "");
        assertThat(s.toData().toString()).isEqualTo("(status, unspecified, nil, nil)");
    }

    @Test
    void peerUnavailableErrorUsesNilIdAndNetwork() {
        ErrorEvent e = ErrorEvent.of(
                ErrorCode.PEER_UNAVAILABLE,
                EndpointInfo.of(EndpointId.NIL, new NetworkInfo("127.0.0.1", 1, Duration.ZERO)),
                "unable to connect to remote peer");
        assertThat(e.toData().toString())
                .isEqualTo("(error, peer_unavailable, ((nil, 127.0.0.1, 1/tcp, 0), unable to connect to remote peer))");
        assertThat(ErrorEvent.fromData(e.toData())).isEqualTo(e);
    }

    @Test
    void errorWithMessageOnlyAndNoError() {
        ErrorEvent e = new ErrorEvent(ErrorCode.INVALID_MESSAGE, Optional.empty(), "bad frame");
        assertThat(e.toData().toString()).isEqualTo("(error, invalid_message, (bad frame))");
        assertThat(ErrorEvent.fromData(e.toData())).isEqualTo(e);
        ErrorEvent none = new ErrorEvent(ErrorCode.NONE, Optional.empty(), "");
        assertThat(none.toData().toString()).isEqualTo("(error, none, nil)");
    }

    @Test
    void malformedEventsAreRejected() {
        assertThatThrownBy(() -> Status.fromData(Data.vector(Data.string("status"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErrorEvent.fromData(
                        Data.vector(Data.string("error"), Data.enumValue("no_such_code"), Data.none())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
