package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.internal.core.BoundedQueue;
import org.junit.jupiter.api.Test;

/** The public bound on control frames in a peer buffer is the one the buffer enforces. */
class PeerInfoHeadroomTest {
    @Test
    void theDocumentedControlFrameHeadroomIsTheBuffersOwn() {
        assertThat(PeerInfo.CONTROL_FRAME_HEADROOM).isEqualTo(BoundedQueue.ESSENTIAL_HEADROOM);
    }
}
