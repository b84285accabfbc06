package io.jbroker.internal.net;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.DecodeException;
import io.jbroker.endpoint.OverflowPolicy;
import io.jbroker.internal.core.BoundedQueue;
import io.jbroker.internal.core.InboundBatch;
import io.jbroker.internal.core.PeerLink;
import io.jbroker.internal.core.RejectedEnvelopeException;
import io.jbroker.internal.core.Router;
import io.jbroker.internal.peer.FrameBatch;
import io.jbroker.internal.peer.FrameLengthException;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.Filter;
import io.jbroker.internal.wire.MessageType;
import io.jbroker.internal.wire.WireException;
import io.jbroker.internal.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One established peering in the operational phase. Reads envelopes from the channel and hands
 * them to the {@link Router}, deliveries collected per read ({@link InboundBatch}); pauses its
 * socket reads while a local subscriber it feeds is full ({@link BoundedQueue.Source}). Sends
 * through a {@link BoundedQueue} bounded in messages and bytes, drained by the event loop in
 * batches copied into one buffer each, one flush per drain; control frames (pings, pongs, routing
 * updates) are never dropped by the overflow policy.
 *
 * <p>Liveness: after {@link Settings#heartbeatInterval} without input it pings the peer (Broker
 * answers every ping), and at least every {@value #ROUND_TRIP_REFRESH_TICKS} heartbeat ticks even
 * while input flows, so both ends of a peering measure the round trip (the peer's own pings count as
 * input, so without this only one side would ever ping), and at every tick while its own reads are
 * paused. A peer that sends nothing for {@link Settings#peerTimeout}, or that reads nothing while
 * frames wait for it for the longer of the peer timeout and the stall timeout (for that long a peer
 * may hold us back for a full subscriber of its own), is disconnected with the reason.
 *
 * <p>Threading: {@link #send}, {@link #resume} and the counters may be used from any thread;
 * everything else runs on the channel's event loop, which owns the connection.
 */
public final class PeerConnection extends ChannelInboundHandlerAdapter implements PeerLink, BoundedQueue.Source {
    /** Heartbeat ticks after which a peer is pinged even though it is not idle. */
    static final int ROUND_TRIP_REFRESH_TICKS = 10;

    /** Callbacks to the owning endpoint. */
    public interface Listener {
        /** A frame or payload was malformed, or a peer may not send it; the connection stays up. */
        void malformed(PeerConnection peer, ErrorCode code, String reason);

        /** The connection closed; {@code reason} is null after an orderly unpeer. */
        void closed(PeerConnection peer, String reason, boolean removedLocally);
    }

    /** The settings of one peering, from the endpoint's configuration. */
    public record Settings(
            int maxMessages,
            long maxBytes,
            OverflowPolicy policy,
            Duration stallTimeout,
            Duration heartbeatInterval,
            Duration peerTimeout) {}

    private static final byte[] BYE = {'B', 'Y', 'E'};
    private static final byte[] HEARTBEAT = {'j', 'b', 'r', 'o', 'k', 'e', 'r', '-', 'h', 'b'};
    private static final int BATCH_MESSAGES = 1024;
    private static final int BATCH_BYTES = 256 * 1024;
    /** Received messages handed to subscribers at the latest after this many (or the read's end). */
    private static final int FLUSH_MESSAGES = 256;

    private final EndpointId self;
    private final EndpointId remoteId;
    private final Router router;
    private final Listener listener;
    private final Channel channel;
    private final Settings settings;
    private final BoundedQueue<Envelope> outbound;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private volatile Filter filter;
    private volatile boolean closing;
    private volatile String closeReason;
    private volatile boolean removedLocally;
    private volatile long rttNanos = -1;

    // Confined to the event loop:
    private final InboundBatch inbound = new InboundBatch();
    private final ArrayList<Envelope> writeBatch = new ArrayList<>();
    private Envelope lastReceived;
    private byte[] byeToken;
    private boolean byePending;
    private int pauseCount;
    private long lastReadNanos = System.nanoTime();
    private long lastWriteNanos = System.nanoTime();
    private long lastPingNanos = System.nanoTime();
    private volatile long bytesInFlight; // written on the event loop only
    private ScheduledFuture<?> heartbeat;

    // Counted on the event loop, published once per read:
    private long messagesRead;
    private long bytesRead;
    private final long[] receivedByType = new long[16]; // by MessageType code, added to the router per read
    private volatile long messagesIn;
    private volatile long bytesIn;

    public PeerConnection(
            EndpointId self,
            EndpointId remoteId,
            Filter remoteFilter,
            Router router,
            Listener listener,
            Channel channel,
            Settings settings) {
        this.self = self;
        this.remoteId = remoteId;
        this.filter = remoteFilter;
        this.router = router;
        this.listener = listener;
        this.channel = channel;
        this.settings = settings;
        this.outbound = new BoundedQueue<>(
                settings.maxMessages(),
                settings.maxBytes(),
                settings.policy(),
                settings.stallTimeout().toNanos(),
                Envelope::isControl);
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

    // ------------------------------------------------------------------------------ sending

    @Override
    public boolean send(Envelope e) {
        if (e.isControl()) {
            return sendControl(e);
        }
        return !closing && sent(outbound.offer(e, e.frame().length));
    }

    @Override
    public boolean sendIfRoom(Envelope e) {
        return !e.isControl()
                && !closing
                && outbound.offerIfRoom(e, e.frame().length)
                && sent(BoundedQueue.Offer.ACCEPTED);
    }

    @Override
    public boolean send(Envelope e, long deadlineNanos) throws InterruptedException {
        if (e.isControl()) {
            return sendControl(e);
        }
        if (closing) {
            return false;
        }
        BoundedQueue.Offer r = outbound.offer(e, e.frame().length, deadlineNanos);
        return sent(r) && r == BoundedQueue.Offer.ACCEPTED;
    }

    /** Queues a control frame; allowed after our BYE too, so the remote's pings get their pongs. */
    private boolean sendControl(Envelope e) {
        if (!channel.isActive()) {
            return false;
        }
        BoundedQueue.Offer r = outbound.offerEssential(e, e.frame().length);
        if (r == BoundedQueue.Offer.DISCONNECT) {
            forceClose("peer not reading: " + outbound.size() + " frames queued, control frames piling up");
            return false;
        }
        return sent(r);
    }

    private boolean sent(BoundedQueue.Offer r) {
        switch (r) {
            case ACCEPTED:
            case REPLACED_OLDEST:
                if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
                    channel.eventLoop().execute(drainTask);
                }
                return true;
            case DISCONNECT:
                forceClose("output buffer overflow: " + outbound.size() + " messages / " + outbound.bytes()
                        + " bytes queued (policy disconnect)");
                return false;
            default:
                return false;
        }
    }

    /**
     * Writes queued frames while the channel is writable: each batch is copied into one buffer
     * (small frames cost a copy, not a Netty write each), one flush at the end. The BYE ping goes
     * out once everything queued before it is written.
     */
    private void drain() {
        drainScheduled.set(false);
        if (!channel.isActive()) {
            return;
        }
        boolean wrote = false;
        while (channel.isWritable() && outbound.drainTo(writeBatch, BATCH_MESSAGES, BATCH_BYTES) > 0) {
            int total = 0;
            for (Envelope e : writeBatch) {
                total += e.frame().length;
            }
            ByteBuf buf = channel.alloc().ioBuffer(total);
            for (Envelope e : writeBatch) {
                buf.writeBytes(e.frame());
            }
            writeBatch.clear();
            write(buf);
            wrote = true;
        }
        if (byePending && outbound.isEmpty()) {
            byePending = false;
            byte[] frame = Envelope.of(self, remoteId, MessageType.PING, Topic.RESERVED, byeToken)
                    .frame();
            write(channel.alloc().ioBuffer(frame.length).writeBytes(frame));
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
        if (!outbound.isEmpty() && channel.isWritable() && drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drainTask);
        }
    }

    /** Writes {@code buf}, tracking the bytes not yet on the socket for the write-stall check. */
    private void write(ByteBuf buf) {
        int size = buf.readableBytes();
        bytesInFlight += size;
        channel.write(buf).addListener(f -> {
            bytesInFlight -= size;
            lastWriteNanos = System.nanoTime();
        });
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && drainScheduled.compareAndSet(false, true)) {
            ctx.executor().execute(drainTask);
        }
        ctx.fireChannelWritabilityChanged();
    }

    // ------------------------------------------------------------------------------ receiving

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long now = System.nanoTime();
        lastReadNanos = now;
        lastWriteNanos = now;
        long every = settings.heartbeatInterval().toNanos();
        heartbeat = ctx.executor().scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FrameBatch) {
            for (byte[] frame : ((FrameBatch) msg).frames()) {
                frame(ctx, frame);
            }
            return;
        }
        byte[] frame;
        try {
            frame = msg instanceof byte[] ? (byte[]) msg : frameOf((ByteBuf) msg);
        } finally {
            ReferenceCountUtil.release(msg);
        }
        frame(ctx, frame);
    }

    /** Handles one received frame (length prefix included). */
    private void frame(ChannelHandlerContext ctx, byte[] frame) {
        messagesRead++;
        bytesRead += frame.length;
        Envelope e;
        try {
            e = Envelope.parse(frame, lastReceived);
        } catch (WireException ex) {
            listener.malformed(this, ex.code(), ex.description());
            return;
        }
        lastReceived = e;
        receivedByType[e.type().code()]++;
        switch (e.type()) {
            case DATA:
            case COMMAND:
                try {
                    router.receive(e, remoteId, inbound);
                    if (inbound.size() >= FLUSH_MESSAGES) {
                        router.flush(inbound, this); // a full subscriber must be able to pause the rest of this read
                    }
                } catch (DecodeException ex) {
                    listener.malformed(
                            this, ex.code(), "malformed data payload on " + e.topic() + ": " + ex.getMessage());
                } catch (RejectedEnvelopeException ex) {
                    listener.malformed(this, ex.code(), ex.getMessage());
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
                sendControl(Envelope.of(self, e.sender(), MessageType.PONG, Topic.RESERVED, e.payload()));
                break;
            case PONG:
                pong(ctx, e.payload());
                break;
            default:
                listener.malformed(this, ErrorCode.INVALID_MESSAGE, "unexpected envelope type " + e.type());
        }
    }

    /** A frame still in a buffer (received in the same read as the handshake's end). */
    private static byte[] frameOf(ByteBuf body) {
        int n = body.readableBytes();
        byte[] frame = new byte[WireFormat.LENGTH_PREFIX_SIZE + n];
        ByteBuffer.wrap(frame).putInt(n);
        body.readBytes(frame, WireFormat.LENGTH_PREFIX_SIZE, n);
        return frame;
    }

    private void pong(ChannelHandlerContext ctx, byte[] payload) {
        if (byeToken != null && Arrays.equals(byeToken, payload)) {
            ctx.close();
        } else if (payload.length == HEARTBEAT.length + 8
                && Arrays.equals(payload, 0, HEARTBEAT.length, HEARTBEAT, 0, HEARTBEAT.length)) {
            long sent = ByteBuffer.wrap(payload, HEARTBEAT.length, 8).getLong();
            rttNanos = System.nanoTime() - sent;
        }
    }

    /** Hands the deliveries of this read to the subscribers (which may pause this connection). */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastReadNanos = System.nanoTime();
        messagesIn = messagesRead;
        bytesIn = bytesRead;
        router.countReceived(receivedByType);
        if (!inbound.isEmpty()) {
            router.flush(inbound, this);
        }
        ctx.fireChannelReadComplete();
    }

    /** Stops reading from the socket; called by a full subscriber on this event loop. */
    @Override
    public void pause() {
        assert channel.eventLoop().inEventLoop();
        if (++pauseCount == 1) {
            channel.config().setAutoRead(false);
        }
    }

    /** Reads again once every subscriber that paused this connection has room. Any thread. */
    @Override
    public void resume() {
        channel.eventLoop().execute(() -> {
            if (pauseCount > 0 && --pauseCount == 0) {
                lastReadNanos = System.nanoTime();
                channel.config().setAutoRead(true);
            }
        });
    }

    /** Whether the socket reads are paused by a full subscriber. */
    public boolean isPaused() {
        return !channel.config().isAutoRead();
    }

    // ------------------------------------------------------------------------------ liveness

    /** Pings an idle peer and disconnects one that is silent or not reading for the peer timeout. */
    private void heartbeat() {
        if (!channel.isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (pauseCount > 0) {
            lastReadNanos = now; // we stopped reading, not the peer
        }
        if (bytesInFlight == 0 && outbound.isEmpty()) {
            lastWriteNanos = now;
        }
        long timeout = settings.peerTimeout().toNanos();
        // A peer that holds our frames back because a subscriber of its own is full is within its
        // rights for the stall timeout (the same setting on both ends), so it is called deaf only
        // after the longer of the two.
        long notReading = Math.max(timeout, settings.stallTimeout().toNanos());
        if (timeout > 0 && now - lastReadNanos >= timeout) {
            forceClose(
                    "peer timeout: nothing received for " + TimeUnit.NANOSECONDS.toMillis(now - lastReadNanos) + " ms");
            return;
        }
        if (timeout > 0 && now - lastWriteNanos >= notReading) {
            forceClose("peer not reading: nothing written for " + TimeUnit.NANOSECONDS.toMillis(now - lastWriteNanos)
                    + " ms with " + outbound.size() + " messages / " + (outbound.bytes() + bytesInFlight)
                    + " bytes waiting");
            return;
        }
        long interval = settings.heartbeatInterval().toNanos();
        // While our reads are paused we ping at every tick: the peer then hears from us although we
        // hold its frames back (its pongs wait in the socket until we read again).
        if (!closing
                && (pauseCount > 0
                        || now - lastReadNanos >= interval / 2
                        || now - lastPingNanos >= interval * ROUND_TRIP_REFRESH_TICKS)) {
            lastPingNanos = now;
            byte[] payload = Arrays.copyOf(HEARTBEAT, HEARTBEAT.length + 8);
            ByteBuffer.wrap(payload, HEARTBEAT.length, 8).putLong(now);
            sendControl(Envelope.of(self, remoteId, MessageType.PING, Topic.RESERVED, payload));
        }
    }

    // ------------------------------------------------------------------------------ closing

    /**
     * Ends the peering the way Broker does: a BYE ping after everything queued, then close when the
     * pong arrives or after {@code timeout}.
     */
    public void unpeer(long timeoutMillis) {
        removedLocally = true;
        channel.eventLoop().execute(() -> {
            if (!channel.isActive() || byeToken != null) {
                return;
            }
            byte[] token = new byte[11];
            System.arraycopy(BYE, 0, token, 0, 3);
            ByteBuffer.wrap(token, 3, 8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(ThreadLocalRandom.current().nextLong());
            byeToken = token;
            closing = true; // nothing but control frames after the BYE
            byePending = true;
            drain();
            channel.eventLoop().schedule(() -> channel.close(), timeoutMillis, TimeUnit.MILLISECONDS);
        });
    }

    /** Closes at once (overflow, timeout, shutdown); {@code reason} is reported in peer_removed. */
    public void forceClose(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        removedLocally = true;
        closing = true;
        channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        // Each step runs even if one before it throws: the endpoint must always learn of the close.
        try {
            if (!inbound.isEmpty()) {
                router.flush(inbound, this);
            }
        } finally {
            messagesIn = messagesRead;
            bytesIn = bytesRead;
            router.countReceived(receivedByType);
            try {
                outbound.close();
            } finally {
                try {
                    listener.closed(this, closeReason, removedLocally);
                } finally {
                    ctx.fireChannelInactive();
                }
            }
        }
    }

    /**
     * A broken frame (zero or oversized length prefix) cannot be skipped: the stream is lost, so the
     * peering closes after an error event naming the fault. I/O errors just close (peer_lost).
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closeReason == null) {
            closeReason = NetworkErrors.describe(cause);
        }
        if (cause instanceof FrameLengthException && !closing) {
            listener.malformed(this, ErrorCode.INVALID_MESSAGE, String.valueOf(cause.getMessage()));
        }
        ctx.close();
    }

    // ------------------------------------------------------------------------------ counters

    public long messagesIn() {
        return messagesIn;
    }

    public long bytesIn() {
        return bytesIn;
    }

    /** Frames handed to the socket. */
    public long messagesOut() {
        return outbound.takenCount();
    }

    public long bytesOut() {
        return outbound.takenBytes();
    }

    /** Messages the overflow policy discarded. */
    public long dropped() {
        return outbound.droppedCount();
    }

    public int queuedMessages() {
        return outbound.size();
    }

    /** Bytes waiting: in the buffer and handed to Netty but not yet on the socket. */
    public long queuedBytes() {
        return outbound.bytes() + bytesInFlight;
    }

    /** The last heartbeat round trip, or -1 if none was measured yet. */
    public long rttNanos() {
        return rttNanos;
    }
}
