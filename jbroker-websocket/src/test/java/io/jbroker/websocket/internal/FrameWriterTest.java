package io.jbroker.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frame order through {@link FrameWriter}, on Netty's embedded channel (its event loop is the test thread). */
class FrameWriterTest {
    @Test
    void aCloseFrameWrittenLastFollowsEveryQueuedFrameAlsoBeyondOneBatch() {
        EmbeddedChannel ch = new EmbeddedChannel();
        FrameWriter w = new FrameWriter(ch, Long.MAX_VALUE, () -> {});
        int frames = 2500; // more than one drain batch (1024): the rest goes to later tasks
        for (int i = 0; i < frames; i++) {
            w.write(new TextWebSocketFrame(Unpooled.copiedBuffer("m" + i, StandardCharsets.US_ASCII)));
        }
        ChannelFuture closed = w.writeLast(new CloseWebSocketFrame(1000, ""));
        ch.runPendingTasks();

        List<Object> out = new ArrayList<>();
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            out.add(o);
        }
        assertThat(closed.isSuccess()).isTrue();
        assertThat(out).hasSize(frames + 1);
        for (int i = 0; i < frames; i++) {
            assertThat(((TextWebSocketFrame) out.get(i)).text()).isEqualTo("m" + i);
        }
        assertThat(out.get(frames)).isInstanceOf(CloseWebSocketFrame.class);
        out.forEach(o -> ((WebSocketFrame) o).release());
    }
}
