package io.jbroker.endpoint.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.endpoint.Endpoint;
import io.jbroker.testing.Poll;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointsTest {
    @Test
    void closesEverythingNewestFirstEvenWhenACloseThrows() {
        Endpoints endpoints = new Endpoints();
        List<String> closed = new ArrayList<>();
        Endpoint a = endpoints.plain();
        endpoints.track(() -> closed.add("first"));
        endpoints.track(() -> {
            closed.add("throws");
            throw new IllegalStateException("close failed");
        });
        endpoints.track(() -> {
            closed.add("throws too");
            throw new IllegalArgumentException("second failure");
        });
        endpoints.track(() -> closed.add("last"));

        assertThatThrownBy(endpoints::closeAll)
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(
                        e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(IllegalStateException.class));
        assertThat(closed).containsExactly("last", "throws too", "throws", "first");
        assertThat(a.isClosed()).isTrue();
        assertThat(endpoints.opened()).isEmpty();
    }

    @Test
    void peersTwoEndpoints() throws Exception {
        Endpoints endpoints = new Endpoints();
        try {
            Endpoint a = endpoints.plain();
            Endpoint b = endpoints.plain();
            assertThat(Endpoints.peer(a, b)).isEqualTo(b.id());
            Poll.until("b sees a", () -> b.peers().stream().anyMatch(p -> p.id().equals(a.id())));
        } finally {
            endpoints.closeAll();
        }
    }
}
