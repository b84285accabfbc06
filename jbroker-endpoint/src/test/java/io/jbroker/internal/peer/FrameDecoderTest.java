package io.jbroker.internal.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.internal.wire.CapturedFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static final List<byte[]> FRAMES = CapturedFrames.load("session_plain.c2s.frames.txt");

    private static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
    }

    private static byte[] concat(List<byte[]> frames) {
        int n = frames.stream().mapToInt(f -> f.length).sum();
        byte[] all = new byte[n];
        int off = 0;
        for (byte[] f : frames) {
            System.arraycopy(f, 0, all, off, f.length);
            off += f.length;
        }
        return all;
    }

    /** Reads every emitted body, checks it is a slice without prefix, releases it. */
    private static List<String> bodies(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            out.add(ByteBufUtil.hexDump(b));
            b.release();
        }
        return out;
    }

    private static String bodyHex(byte[] frame) {
        return HexFormat.of().formatHex(frame, 4, frame.length);
    }

    @Test
    void bodiesAreEmittedWithoutPrefixWhateverTheReadBoundaries() {
        byte[] all = concat(FRAMES);
        for (int chunk : new int[] {1, 3, 7, 64, all.length}) {
            EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
            List<ByteBuf> fed = new ArrayList<>();
            for (int off = 0; off < all.length; off += chunk) {
                ByteBuf b = Unpooled.wrappedBuffer(Arrays.copyOfRange(all, off, Math.min(all.length, off + chunk)));
                fed.add(b);
                ch.writeInbound(b);
            }
            List<String> expected = new ArrayList<>();
            FRAMES.forEach(f -> expected.add(bodyHex(f)));
            assertThat(bodies(ch)).as("chunk %d", chunk).isEqualTo(expected);
            assertThat(ch.finish()).isFalse();
            assertThat(fed).allMatch(b -> b.refCnt() == 0);
        }
    }

    @Test
    void arrayOutputHoldsWholeFramesIncludingPrefix() {
        FrameDecoder decoder = new FrameDecoder();
        decoder.output(FrameDecoder.Output.FRAME_ARRAY);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(Unpooled.wrappedBuffer(concat(FRAMES)));
        FrameBatch batch = ch.readInbound();
        assertThat(batch.frames()).containsExactlyElementsOf(FRAMES);
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void arrayOutputOfSplitInputEmitsEachFrameOnceComplete() {
        FrameDecoder decoder = new FrameDecoder();
        decoder.output(FrameDecoder.Output.FRAME_ARRAY);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] all = concat(FRAMES);
        List<byte[]> got = new ArrayList<>();
        for (int off = 0; off < all.length; off += 3) {
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(all, off, Math.min(all.length, off + 3))));
            for (FrameBatch b; (b = ch.readInbound()) != null; ) {
                got.addAll(b.frames());
            }
        }
        assertThat(got).containsExactlyElementsOf(FRAMES);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void arrayOutputEmitsTheGoodFramesBeforeABadLength() {
        FrameDecoder decoder = new FrameDecoder();
        decoder.output(FrameDecoder.Output.FRAME_ARRAY);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] good = FRAMES.get(0);
        ByteBuf in = Unpooled.wrappedBuffer(concat(List.of(good, new byte[] {0, 0, 0, 0})));

        assertThatThrownBy(() -> ch.writeInbound(in)).isInstanceOf(FrameLengthException.class);

        FrameBatch batch = ch.readInbound();
        assertThat(batch.frames()).containsExactly(good);
        ch.finishAndReleaseAll();
    }

    @Test
    void switchingOutputWhileHandlingAFrameAppliesToTheNextFrameOfTheSameRead() {
        FrameDecoder decoder = new FrameDecoder();
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf) {
                    seen.add(ByteBufUtil.hexDump((ByteBuf) msg));
                    ((ByteBuf) msg).release();
                    decoder.output(FrameDecoder.Output.FRAME_ARRAY);
                } else {
                    seen.add(msg);
                }
            }
        });
        ch.writeInbound(Unpooled.wrappedBuffer(concat(FRAMES.subList(3, 5))));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEqualTo("0c");
        assertThat(((FrameBatch) seen.get(1)).frames()).containsExactly(FRAMES.get(4));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void zeroLengthFrameIsRejected() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
        ByteBuf in = buf("00000000" + "000000010c");
        assertThatThrownBy(() -> ch.writeInbound(in)).isInstanceOfSatisfying(FrameLengthException.class, e -> {
            assertThat(e.isEmptyFrame()).isTrue();
            assertThat(e.claimedLength()).isZero();
        });
        assertThat(bodies(ch)).isEmpty();
        assertThat(in.refCnt()).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void frameAboveTheLimitIsRejectedAsSoonAsItsPrefixIsRead() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(100));
        assertThatCode(() -> ch.writeInbound(buf("ffff"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> ch.writeInbound(buf("ffff"))).isInstanceOfSatisfying(FrameLengthException.class, e -> {
            assertThat(e.isEmptyFrame()).isFalse();
            assertThat(e.claimedLength()).isEqualTo(0xFFFF_FFFFL);
            assertThat(e.getMessage()).isEqualTo("frame of 4294967295 bytes exceeds the limit of 100");
        });
        ch.finishAndReleaseAll();
    }

    @Test
    void inputAfterARejectedPrefixIsDiscarded() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(100));
        assertThatThrownBy(() -> ch.writeInbound(buf("00000065"))).isInstanceOf(FrameLengthException.class);
        ByteBuf later = buf("000000010c");
        ch.writeInbound(later);
        assertThat(bodies(ch)).isEmpty();
        assertThat(later.refCnt()).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void frameOfExactlyTheLimitIsAccepted() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(5));
        ch.writeInbound(buf("00000005075a45454b"));
        assertThat(bodies(ch)).containsExactly("075a45454b");
        ch.finishAndReleaseAll();
    }

    @Test
    void limitMustLeaveRoomForThePrefix() {
        assertThatThrownBy(() -> new FrameDecoder(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameDecoder(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
    }
}
