package io.jbroker.internal.net;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.DecodeException;
import io.jbroker.endpoint.OverflowPolicy;
import io.jbroker.internal.core.PeerLink;
import io.jbroker.internal.core.Router;
import io.jbroker.internal.peer.FrameLengthException;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.Filter;
import io.jbroker.internal.wire.MessageType;
import io.jbroker.internal.wire.WireException;
import io.jbroker.internal.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One established peering in the operational phase: reads envelopes from the channel and hands
 * them to the {@link Router}, and sends envelopes through a bounded outbound buffer (messages and
 * bytes) that the channel's event loop drains in batches with one flush per batch.
 *
 * <p>Threading: {@link #send} may be called from any thread; everything else runs on the channel's
 * event loop, which owns the connection.
 */
public final class PeerConnection extends ChannelInboundHandlerAdapter implements PeerLink {
    /** Callbacks to the owning endpoint. */
    public interface Listener {
        /** A frame or payload was malformed; the connection stays up. */
        void malformed(PeerConnection peer, ErrorCode code, String reason);

        /** The connection closed; {@code reason} is null after an orderly unpeer. */
        void closed(PeerConnection peer, String reason, boolean removedLocally);
    }

    private static final byte[] BYE = {'B', 'Y', 'E'};

    private final EndpointId self;
    private final EndpointId remoteId;
    private final Router router;
    private final Listener listener;
    private final Channel channel;
    private final int maxMessages;
    private final long maxBytes;
    private final OverflowPolicy policy;
    private volatile Filter filter;

    private final ConcurrentLinkedQueue<Envelope> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedMessages = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile String closeReason;
    private volatile boolean removedLocally;
    private byte[] byeToken;

    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    public PeerConnection(
            EndpointId self,
            EndpointId remoteId,
            Filter remoteFilter,
            Router router,
            Listener listener,
            Channel channel,
            int maxMessages,
            long maxBytes,
            OverflowPolicy policy) {
        this.self = self;
        this.remoteId = remoteId;
        this.filter = remoteFilter;
        this.router = router;
        this.listener = listener;
        this.channel = channel;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.policy = policy;
    }

    @Override
    public EndpointId remoteId() {
        return remoteId;
    }

    @Override
    public Filter filter() {
        return filter;
    }

    public Channel channel() {
        return channel;
    }

    @Override
    public boolean send(Envelope e) {
        return enqueue(e, false);
    }

    private final Object space = new Object();
    private volatile int spaceWaiters;

    @Override
    public boolean send(Envelope e, long deadlineNanos) throws InterruptedException {
        int size = e.frame().length;
        while (true) {
            if (closing.get()) {
                return false;
            }
            if (queuedMessages.get() < maxMessages && queuedBytes.get() + size <= maxBytes) {
                return append(e);
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            synchronized (space) {
                spaceWaiters++;
                try {
                    // Bounded wait: a drain that races with this check is caught by the next loop.
                    TimeUnit.NANOSECONDS.timedWait(space, Math.min(left, TimeUnit.MILLISECONDS.toNanos(5)));
                } finally {
                    spaceWaiters--;
                }
            }
        }
    }

    private void signalSpace() {
        if (spaceWaiters > 0) {
            synchronized (space) {
                space.notifyAll();
            }
        }
    }

    /**
     * Queues {@code e}. Once the peering is closing (after our BYE) only control frames pass: a pong
     * must still answer the remote's ping, or two sides unpeering at once would each wait for the
     * other's pong until the unpeer timeout.
     */
    private boolean enqueue(Envelope e, boolean control) {
        if (closing.get() && (!control || !channel.isActive())) {
            return false;
        }
        int size = e.frame().length;
        if (!control && (queuedMessages.get() >= maxMessages || queuedBytes.get() + size > maxBytes)) {
            switch (policy) {
                case DROP_NEWEST:
                    dropped.increment();
                    return false;
                case DROP_OLDEST:
                    Envelope old = outbound.poll();
                    if (old != null) {
                        queuedMessages.decrementAndGet();
                        queuedBytes.addAndGet(-old.frame().length);
                    }
                    dropped.increment();
                    break;
                case DISCONNECT:
                default:
                    dropped.increment();
                    forceClose("output buffer overflow: " + queuedMessages.get() + " messages / " + queuedBytes.get()
                            + " bytes queued");
                    return false;
            }
        }
        return append(e);
    }

    /** Adds to the outbound buffer (bounds already checked) and schedules a drain. */
    private boolean append(Envelope e) {
        queuedMessages.incrementAndGet();
        queuedBytes.addAndGet(e.frame().length);
        outbound.add(e);
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::drain);
        }
        return true;
    }

    /** Writes queued envelopes while the channel is writable; one flush per batch. */
    private void drain() {
        drainScheduled.set(false);
        boolean wrote = false;
        while (channel.isWritable()) {
            Envelope e = outbound.poll();
            if (e == null) {
                break;
            }
            int size = e.frame().length;
            queuedMessages.decrementAndGet();
            queuedBytes.addAndGet(-size);
            channel.write(Unpooled.wrappedBuffer(e.frame()), channel.voidPromise());
            messagesOut.increment();
            bytesOut.add(size);
            wrote = true;
        }
        if (wrote) {
            channel.flush();
            signalSpace();
        }
        if (!outbound.isEmpty() && channel.isWritable() && drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::drain);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !outbound.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            ctx.executor().execute(this::drain);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        byte[] frame;
        try {
            if (msg instanceof byte[]) {
                frame = (byte[]) msg;
            } else {
                ByteBuf body = (ByteBuf) msg;
                frame = new byte[WireFormat.LENGTH_PREFIX_SIZE + body.readableBytes()];
                frame[0] = (byte) (body.readableBytes() >>> 24);
                frame[1] = (byte) (body.readableBytes() >>> 16);
                frame[2] = (byte) (body.readableBytes() >>> 8);
                frame[3] = (byte) body.readableBytes();
                body.readBytes(frame, WireFormat.LENGTH_PREFIX_SIZE, body.readableBytes());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
        messagesIn.increment();
        bytesIn.add(frame.length);
        Envelope e;
        try {
            e = Envelope.parse(frame);
        } catch (WireException ex) {
            listener.malformed(this, ex.code(), ex.description());
            return;
        }
        switch (e.type()) {
            case DATA:
            case COMMAND:
                try {
                    router.receive(e, remoteId);
                } catch (DecodeException ex) {
                    listener.malformed(
                            this, ex.code(), "malformed data payload on " + e.topic() + ": " + ex.getMessage());
                }
                break;
            case ROUTING_UPDATE:
                Filter f = Filter.parse(e.frame(), e.payloadOffset(), e.payloadLength());
                if (f == null) {
                    listener.malformed(this, ErrorCode.INVALID_MESSAGE, "malformed routing_update");
                } else {
                    filter = f;
                }
                break;
            case PING:
                enqueue(Envelope.of(self, e.sender(), MessageType.PONG, Topic.RESERVED, e.payload()), true);
                break;
            case PONG:
                if (byeToken != null && Arrays.equals(byeToken, e.payload())) {
                    ctx.close();
                }
                break;
            default:
                listener.malformed(this, ErrorCode.INVALID_MESSAGE, "unexpected envelope type " + e.type());
        }
    }

    /**
     * Ends the peering the way Broker does: a BYE ping after everything queued, then close when the
     * pong arrives or after {@code timeout}.
     */
    public void unpeer(long timeoutMillis) {
        removedLocally = true;
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                return;
            }
            byte[] token = new byte[11];
            System.arraycopy(BYE, 0, token, 0, 3);
            ByteBuffer.wrap(token, 3, 8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(ThreadLocalRandom.current().nextLong());
            byeToken = token;
            closing.set(true); // nothing but control frames after the BYE
            enqueue(Envelope.of(self, remoteId, MessageType.PING, Topic.RESERVED, token), true);
            channel.eventLoop()
                    .schedule(
                            () -> {
                                channel.close();
                            },
                            timeoutMillis,
                            TimeUnit.MILLISECONDS);
        });
    }

    /** Closes at once (overflow, shutdown); {@code reason} is reported in peer_removed. */
    public void forceClose(String reason) {
        closeReason = reason;
        removedLocally = true;
        closing.set(true);
        channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing.set(true);
        outbound.clear();
        signalSpace();
        listener.closed(this, closeReason, removedLocally);
        ctx.fireChannelInactive();
    }

    /**
     * A broken frame (zero or oversized length prefix) cannot be skipped: the stream is lost, so the
     * peering closes after an error event naming the fault. I/O errors just close (peer_lost).
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeReason = String.valueOf(cause.getMessage());
        if (cause instanceof FrameLengthException && !closing.get()) {
            listener.malformed(this, ErrorCode.INVALID_MESSAGE, closeReason);
        }
        ctx.close();
    }

    public long messagesIn() {
        return messagesIn.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long messagesOut() {
        return messagesOut.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    public int queuedMessages() {
        return queuedMessages.get();
    }

    public long queuedBytes() {
        return queuedBytes.get();
    }
}
