package io.jbroker.internal.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.internal.wire.Filter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The remote end of one connection under test: feeds raw bytes into an {@link EmbeddedChannel}
 * running {@link FrameDecoder} and {@link HandshakeHandler}, and records what the handler writes,
 * the results it fires and the frames it lets through to the next handler. Every buffer it feeds
 * must be released by the pipeline; {@link #close} checks that.
 */
final class FakePeer implements AutoCloseable {
    final EmbeddedChannel channel;
    final List<HandshakeResult> results = new ArrayList<>();
    final List<byte[]> forwarded = new ArrayList<>();
    final List<Object> strayMessages = new ArrayList<>();
    private final List<ByteBuf> fed = new ArrayList<>();

    FakePeer(HandshakeHandler handler) {
        this(handler, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
    }

    FakePeer(HandshakeHandler handler, int maxFrameLength) {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(new FrameDecoder(maxFrameLength), handler, new Recorder());
    }

    static Filter filter(String... topics) {
        List<Topic> list = new ArrayList<>();
        for (String t : topics) {
            list.add(Topic.of(t));
        }
        return Filter.of(list);
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static String idHex(EndpointId id) {
        return hex(id.toBytes());
    }

    /** Feeds the concatenation of {@code chunks} as one TCP read (nothing if that is empty). */
    void send(byte[]... chunks) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            all.writeBytes(c);
        }
        if (all.size() == 0) {
            return;
        }
        ByteBuf buf = Unpooled.wrappedBuffer(all.toByteArray());
        fed.add(buf);
        channel.writeInbound(buf);
    }

    void sendHex(String hex) {
        send(hex(hex));
    }

    /** Feeds {@code bytes} one byte per read. */
    void trickle(byte[] bytes) {
        for (byte b : bytes) {
            send(new byte[] {b});
        }
    }

    /** The frames written since the last call, as hex, releasing them. */
    List<String> written() {
        List<String> out = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            try {
                out.add(ByteBufUtil.hexDump(b));
            } finally {
                b.release();
            }
        }
        return out;
    }

    /** The one result fired so far. */
    HandshakeResult result() {
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
        written();
        assertThat(strayMessages).isEmpty();
        for (ByteBuf b : fed) {
            assertThat(b.refCnt()).as("fed buffer released").isZero();
        }
    }

    private final class Recorder extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof HandshakeResult) {
                results.add((HandshakeResult) evt);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof byte[]) {
                forwarded.add((byte[]) msg);
            } else if (msg instanceof FrameBatch) {
                forwarded.addAll(((FrameBatch) msg).frames());
            } else {
                strayMessages.add(msg.getClass().getName());
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        }
    }
}
