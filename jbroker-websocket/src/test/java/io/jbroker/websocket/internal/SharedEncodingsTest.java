package io.jbroker.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.data.Data;
import io.jbroker.data.JsonFormat;
import org.junit.jupiter.api.Test;

class SharedEncodingsTest {
    @Test
    void oneMessageIsEncodedOnceAndExactlyAsJsonFormatEncodesIt() {
        SharedEncodings e = new SharedEncodings();
        DataMessage m = DataMessage.of("/t/x", Data.vector(Data.count(1), Data.string("a")));
        byte[] first = e.encode(m);
        assertThat(first).isEqualTo(JsonFormat.encodeMessage(m));
        assertThat(e.encode(m)).isSameAs(first);
        DataMessage equal = DataMessage.of("/t/x", Data.vector(Data.count(1), Data.string("a")));
        assertThat(e.encode(equal)).isEqualTo(first);
    }

    @Test
    void largeFramesAreNotKept() {
        SharedEncodings e = new SharedEncodings();
        DataMessage big = DataMessage.of("/t/x", Data.string("x".repeat(SharedEncodings.MAX_SHARED_BYTES)));
        assertThat(e.encode(big)).isNotSameAs(e.encode(big)).isEqualTo(JsonFormat.encodeMessage(big));
    }
}
