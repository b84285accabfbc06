package io.jbroker.internal.peer;

import io.jbroker.internal.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the byte stream into Broker frames (4-byte big-endian length, then that many bytes). It
 * stays in the pipeline for the whole connection and emits one message per frame, in one of two
 * forms chosen by {@link Output}:
 *
 * <ul>
 *   <li>{@link Output#BODY_BUFFER} (initial, for the handshake): a retained slice of the frame body
 *       without the prefix. No copy; the receiver must release it.
 *   <li>{@link Output#FRAME_ARRAY} (operational phase): {@code byte[]}s holding prefix and body,
 *       copied once out of the receive buffer, emitted together as one {@link FrameBatch} per
 *       decode pass (all complete frames in the input); a {@code byte[]} is what {@code
 *       Envelope.parse} takes, so envelopes own their bytes and no {@code ByteBuf} escapes the codec
 *       layer.
 * </ul>
 *
 * <p>The form can be switched between two frames of the same read: {@code ByteToMessageDecoder}
 * passes each frame on before it cuts the next one, so the handshake handler switches to arrays
 * while handling {@code originator_ack} and a following envelope in the same TCP segment is already
 * emitted as an array.
 *
 * <p>A zero length or a length above {@code maxFrameLength} raises {@link FrameLengthException}
 * (through {@code exceptionCaught}) as soon as the prefix is readable: the claimed size is never
 * allocated or awaited. After that the decoder discards all further input.
 *
 * <p>Not sharable; confined to the channel's event loop.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    /** Default limit on the frame body size: 16 MiB. Broker itself has no limit. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;

    /** What a decoded frame is emitted as. */
    public enum Output {
        /** {@link ByteBuf} slice of the body, prefix stripped; released by the receiver. */
        BODY_BUFFER,
        /** {@link FrameBatch}es of {@code byte[]}s, whole frames including the prefix. */
        FRAME_ARRAY
    }

    private final int maxFrameLength;
    private Output output = Output.BODY_BUFFER;
    private boolean corrupted;

    public FrameDecoder() {
        this(DEFAULT_MAX_FRAME_LENGTH);
    }

    /** A decoder rejecting frame bodies longer than {@code maxFrameLength} bytes. */
    public FrameDecoder(int maxFrameLength) {
        if (maxFrameLength < 1 || maxFrameLength > Integer.MAX_VALUE - WireFormat.LENGTH_PREFIX_SIZE) {
            throw new IllegalArgumentException("maxFrameLength out of range: " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    /** Switches the form of the frames emitted from now on. Call on the event loop. */
    public void output(Output output) {
        this.output = output;
    }

    public Output output() {
        return output;
    }

    public int maxFrameLength() {
        return maxFrameLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (corrupted) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (output == Output.BODY_BUFFER) {
            int length = frameLength(in);
            if (length > 0) {
                out.add(in.retainedSlice(in.readerIndex() + WireFormat.LENGTH_PREFIX_SIZE, length));
                in.skipBytes(WireFormat.LENGTH_PREFIX_SIZE + length);
            }
            return;
        }
        List<byte[]> frames = null;
        int length;
        // A bad prefix after good frames: emit those first; the next pass reports the fault.
        while ((frames == null || validPrefix(in)) && (length = frameLength(in)) > 0) {
            byte[] frame = new byte[WireFormat.LENGTH_PREFIX_SIZE + length];
            in.readBytes(frame);
            if (frames == null) {
                frames = new ArrayList<>();
            }
            frames.add(frame);
        }
        if (frames != null) {
            out.add(new FrameBatch(frames));
        }
    }

    /** Whether the next prefix, if readable, is a valid length (so reading on cannot throw). */
    private boolean validPrefix(ByteBuf in) {
        if (in.readableBytes() < WireFormat.LENGTH_PREFIX_SIZE) {
            return true;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        return length != 0 && length <= maxFrameLength;
    }

    /**
     * The body length of the next frame if it is complete in {@code in}, else 0.
     *
     * @throws FrameLengthException for a zero or oversized length (input discarded from then on)
     */
    private int frameLength(ByteBuf in) {
        if (in.readableBytes() < WireFormat.LENGTH_PREFIX_SIZE) {
            return 0;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length == 0 || length > maxFrameLength) {
            corrupted = true;
            in.skipBytes(in.readableBytes());
            throw length == 0 ? FrameLengthException.empty() : FrameLengthException.tooLong(length, maxFrameLength);
        }
        return in.readableBytes() < WireFormat.LENGTH_PREFIX_SIZE + length ? 0 : (int) length;
    }
}
