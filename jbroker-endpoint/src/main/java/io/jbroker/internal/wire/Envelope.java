package io.jbroker.internal.wire;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One operational-phase frame: a parsed envelope header over the frame's bytes. The frame array
 * holds the 4-byte length prefix and the body, so the same array can be written to every peer
 * (serialize once) and a forwarded envelope only has its sender and TTL rewritten.
 *
 * <pre>
 * 0        4         20          36     37    39          41      41+T
 * | length | sender  | receiver  | type | ttl | topic len | topic | payload ... |
 * </pre>
 *
 * <p>Instances are immutable once published to other threads; {@link #forwardedCopy} makes the
 * rewritten frame for relaying.
 */
public final class Envelope {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int BODY = WireFormat.LENGTH_PREFIX_SIZE;
    private static final int TYPE_OFFSET = BODY + 32;
    private static final int TTL_OFFSET = BODY + 33;
    private static final int TOPIC_LENGTH_OFFSET = BODY + 35;
    private static final int TOPIC_OFFSET = BODY + 37;

    private final byte[] frame;
    private final EndpointId sender;
    private final EndpointId receiver;
    private final MessageType type;
    private final int ttl;
    private final Topic topic;
    private final int payloadOffset;

    private Envelope(
            byte[] frame,
            EndpointId sender,
            EndpointId receiver,
            MessageType type,
            int ttl,
            Topic topic,
            int payloadOffset) {
        this.frame = frame;
        this.sender = sender;
        this.receiver = receiver;
        this.type = type;
        this.ttl = ttl;
        this.topic = topic;
        this.payloadOffset = payloadOffset;
    }

    /**
     * Parses a received frame (length prefix included; the array becomes owned by the envelope).
     * Checks what Broker checks: body at least 37 bytes, a known type, a topic within the frame.
     *
     * @throws WireException if the frame is malformed
     */
    public static Envelope parse(byte[] frame) {
        return parse(frame, null);
    }

    /**
     * Like {@link #parse(byte[])}, reusing the sender, receiver and topic objects of {@code
     * previous} (the connection's last envelope, or null) where their bytes are the same, which
     * they mostly are: it saves three allocations per received envelope.
     *
     * @throws WireException if the frame is malformed
     */
    public static Envelope parse(byte[] frame, Envelope previous) {
        int bodyLength = frame.length - BODY;
        if (bodyLength < WireFormat.ENVELOPE_HEADER_SIZE) {
            throw new WireException(ErrorCode.INVALID_MESSAGE, "message too short");
        }
        MessageType type = MessageType.fromCode(frame[TYPE_OFFSET] & 0xFF);
        if (type == null || !type.isEnvelope()) {
            throw new WireException(ErrorCode.INVALID_MESSAGE, "invalid message type");
        }
        int topicLength = ((frame[TOPIC_LENGTH_OFFSET] & 0xFF) << 8) | (frame[TOPIC_LENGTH_OFFSET + 1] & 0xFF);
        if (topicLength > frame.length - TOPIC_OFFSET) {
            throw new WireException(ErrorCode.INVALID_MESSAGE, "invalid topic size");
        }
        EndpointId sender;
        EndpointId receiver;
        Topic topic;
        if (previous == null) {
            sender = readId(frame, BODY);
            receiver = readId(frame, BODY + 16);
            topic = Topic.ofBytes(frame, TOPIC_OFFSET, topicLength);
        } else {
            sender = sameId(previous.sender, frame, BODY);
            receiver = sameId(previous.receiver, frame, BODY + 16);
            topic = previous.topic.contentEquals(frame, TOPIC_OFFSET, topicLength)
                    ? previous.topic
                    : Topic.ofBytes(frame, TOPIC_OFFSET, topicLength);
        }
        return new Envelope(
                frame,
                sender,
                receiver,
                type,
                ((frame[TTL_OFFSET] & 0xFF) << 8) | (frame[TTL_OFFSET + 1] & 0xFF),
                topic,
                TOPIC_OFFSET + topicLength);
    }

    private static EndpointId sameId(EndpointId known, byte[] b, int off) {
        long high = (long) LONG_BE.get(b, off);
        long low = (long) LONG_BE.get(b, off + 8);
        return known.high() == high && known.low() == low ? known : EndpointId.of(high, low);
    }

    /** A data envelope carrying {@code value}, encoded once straight into the frame. */
    public static Envelope data(EndpointId sender, EndpointId receiver, Topic topic, Data value) {
        checkHeader(sender, receiver, MessageType.DATA, topic);
        int payloadOffset = TOPIC_OFFSET + topic.length();
        byte[] frame = BinaryFormat.encodeWithPrefix(value, payloadOffset);
        return writeHeader(frame, sender, receiver, MessageType.DATA, WireFormat.DEFAULT_TTL, topic);
    }

    /** An envelope with a raw payload (command, routing update, ping, pong). */
    public static Envelope of(EndpointId sender, EndpointId receiver, MessageType type, Topic topic, byte[] payload) {
        return of(sender, receiver, type, topic, payload, 0, payload.length);
    }

    /** An envelope whose payload is {@code length} bytes of {@code buf} at {@code offset} (copied). */
    public static Envelope of(
            EndpointId sender, EndpointId receiver, MessageType type, Topic topic, byte[] buf, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, buf.length);
        Envelope e = allocate(sender, receiver, type, WireFormat.DEFAULT_TTL, topic, length);
        System.arraycopy(buf, offset, e.frame, e.payloadOffset, length);
        return e;
    }

    private static Envelope allocate(
            EndpointId sender, EndpointId receiver, MessageType type, int ttl, Topic topic, int payloadLength) {
        checkHeader(sender, receiver, type, topic);
        byte[] frame = new byte[TOPIC_OFFSET + topic.length() + payloadLength];
        return writeHeader(frame, sender, receiver, type, ttl, topic);
    }

    private static void checkHeader(EndpointId sender, EndpointId receiver, MessageType type, Topic topic) {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(receiver, "receiver");
        if (!type.isEnvelope()) {
            throw new IllegalArgumentException(type + " is not an envelope type");
        }
        if (topic.length() > WireFormat.MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("topic longer than 65535 bytes");
        }
    }

    /** Fills in the length prefix and header of a frame whose payload is already in place. */
    private static Envelope writeHeader(
            byte[] frame, EndpointId sender, EndpointId receiver, MessageType type, int ttl, Topic topic) {
        writeInt(frame, 0, frame.length - BODY);
        writeId(frame, BODY, sender);
        writeId(frame, BODY + 16, receiver);
        frame[TYPE_OFFSET] = (byte) type.code();
        frame[TTL_OFFSET] = (byte) (ttl >>> 8);
        frame[TTL_OFFSET + 1] = (byte) ttl;
        frame[TOPIC_LENGTH_OFFSET] = (byte) (topic.length() >>> 8);
        frame[TOPIC_LENGTH_OFFSET + 1] = (byte) topic.length();
        topic.copyTo(frame, TOPIC_OFFSET);
        return new Envelope(frame, sender, receiver, type, ttl, topic, TOPIC_OFFSET + topic.length());
    }

    /**
     * The frame to relay this envelope: a copy with {@code newSender} and {@code newTtl}
     * rewritten, receiver, type, topic and payload unchanged (never decoded).
     */
    public Envelope forwardedCopy(EndpointId newSender, int newTtl) {
        byte[] copy = frame.clone();
        writeId(copy, BODY, newSender);
        copy[TTL_OFFSET] = (byte) (newTtl >>> 8);
        copy[TTL_OFFSET + 1] = (byte) newTtl;
        return new Envelope(copy, newSender, receiver, type, newTtl, topic, payloadOffset);
    }

    /** Decodes the data payload without copying (the frame is never modified). */
    public Data decodeData() {
        return BinaryFormat.decodeShared(frame, payloadOffset, payloadLength());
    }

    /**
     * Checks that the data payload is one well-formed value without building it (for relays).
     *
     * @throws io.jbroker.data.DecodeException if it is not
     */
    public void validateData() {
        BinaryFormat.validate(frame, payloadOffset, payloadLength());
    }

    /** Whether this is a control envelope (routing update, ping, pong), never a publication. */
    public boolean isControl() {
        return type != MessageType.DATA && type != MessageType.COMMAND;
    }

    /** The whole frame including the length prefix; callers must not modify it. */
    public byte[] frame() {
        return frame;
    }

    public EndpointId sender() {
        return sender;
    }

    public EndpointId receiver() {
        return receiver;
    }

    public MessageType type() {
        return type;
    }

    public int ttl() {
        return ttl;
    }

    public Topic topic() {
        return topic;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return frame.length - payloadOffset;
    }

    /** A copy of the payload bytes. */
    public byte[] payload() {
        return Arrays.copyOfRange(frame, payloadOffset, frame.length);
    }

    private static EndpointId readId(byte[] b, int off) {
        return EndpointId.of((long) LONG_BE.get(b, off), (long) LONG_BE.get(b, off + 8));
    }

    private static void writeId(byte[] b, int off, EndpointId id) {
        LONG_BE.set(b, off, id.high());
        LONG_BE.set(b, off + 8, id.low());
    }

    private static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    @Override
    public String toString() {
        return type + "{sender=" + sender + ", receiver=" + receiver + ", ttl=" + ttl + ", topic=" + topic
                + ", payload=" + payloadLength() + "B}";
    }
}
