package io.jbroker.internal.peer;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.endpoint.PeerStatus;
import io.jbroker.internal.net.NetworkErrors;
import io.jbroker.internal.peer.PeerRegistry.Decision;
import io.jbroker.internal.peer.PeerRegistry.PausedHandshake;
import io.jbroker.internal.wire.DropConn;
import io.jbroker.internal.wire.Filter;
import io.jbroker.internal.wire.HandshakeCodec;
import io.jbroker.internal.wire.HandshakeMessage;
import io.jbroker.internal.wire.Hello;
import io.jbroker.internal.wire.OriginatorAck;
import io.jbroker.internal.wire.OriginatorSyn;
import io.jbroker.internal.wire.Probe;
import io.jbroker.internal.wire.ResponderSynAck;
import io.jbroker.internal.wire.VersionSelect;
import io.jbroker.internal.wire.WireException;
import io.jbroker.internal.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs Broker's version negotiation and peering handshake (wire-protocol spec §6.2) on one
 * connection, in either TCP role; the endpoint with the smaller ID becomes the originator.
 * Sits right after a {@link FrameDecoder} and takes its frame bodies.
 *
 * <p>Outcome, fired exactly once as a user event: {@link HandshakeResult.Success} when DONE, after
 * which the handler switches the {@link FrameDecoder} to {@code byte[]} frames and removes itself,
 * so every later frame (even one that arrived in the same read as {@code originator_ack}) goes to
 * the next handler. Whoever handles {@code Success} must have the operational handler in place when
 * it returns. Or {@link HandshakeResult.Failure}, fired before the connection is closed:
 *
 * <ul>
 *   <li>a frame Broker's decoder rejects: drop_conn with the {@link WireException}'s code and text;
 *   <li>a valid message not allowed in the current state: closed without a word, as Broker does
 *       ({@link ErrorCode#UNEXPECTED_HANDSHAKE_MESSAGE});
 *   <li>a bad frame length: closed without a word ({@link ErrorCode#INVALID_MESSAGE});
 *   <li>a received drop_conn: its code; code 39 counts as redundant if the registry already knows a
 *       handshake or peering with the sender;
 *   <li>a redundant connection ({@link PeerRegistry}): drop_conn 39, 40 or 28;
 *   <li>no DONE within the timeout: closed, {@link ErrorCode#PEER_TIMEOUT};
 *   <li>the peer closed the connection: {@link ErrorCode#PEER_DISCONNECT_DURING_HANDSHAKE}.
 * </ul>
 *
 * <p>One instance per connection; all state is confined to the channel's event loop. The local
 * filter is read when {@code originator_syn} or {@code responder_syn_ack} is sent.
 */
public final class HandshakeHandler extends ChannelInboundHandlerAdapter {
    /** Default time from channel activation to DONE. Broker itself has no handshake timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final EndpointId self;
    private final TcpRole role;
    private final Supplier<Filter> localFilter;
    private final PeerRegistry registry;
    private final Duration timeout;

    private ChannelHandlerContext ctx;
    private HandshakeState state = HandshakeState.NEW;
    private EndpointId remote;
    private boolean originator;
    private Filter remoteFilter;
    private boolean ownsRemoteStatus;
    private PausedHandshake pausedTicket;
    private ScheduledFuture<?> timeoutTask;

    public HandshakeHandler(EndpointId self, TcpRole role, Supplier<Filter> localFilter, PeerRegistry registry) {
        this(self, role, localFilter, registry, DEFAULT_TIMEOUT);
    }

    public HandshakeHandler(
            EndpointId self, TcpRole role, Supplier<Filter> localFilter, PeerRegistry registry, Duration timeout) {
        this.self = Objects.requireNonNull(self, "self");
        this.role = Objects.requireNonNull(role, "role");
        this.localFilter = Objects.requireNonNull(localFilter, "localFilter");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state != HandshakeState.NEW) {
            fail(
                    remote,
                    ErrorCode.PEER_DISCONNECT_DURING_HANDSHAKE,
                    "connection closed during handshake",
                    false,
                    false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == HandshakeState.DONE) {
            ctx.fireExceptionCaught(cause);
        } else if (cause instanceof FrameLengthException) {
            fail(remote, ErrorCode.INVALID_MESSAGE, cause.getMessage(), false, false);
        } else if (cause instanceof IOException) {
            fail(remote, ErrorCode.PEER_DISCONNECT_DURING_HANDSHAKE, NetworkErrors.describe(cause), false, false);
        } else {
            fail(remote, ErrorCode.UNSPECIFIED, "handshake failed: " + cause, false, false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        assert ctx.channel().eventLoop().inEventLoop();
        if (state == HandshakeState.DONE) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (state == HandshakeState.FAILED) {
                return;
            }
            if (!(msg instanceof ByteBuf)) {
                unexpected(msg.getClass().getSimpleName());
                return;
            }
            HandshakeMessage message;
            try {
                message = HandshakeCodec.decode((ByteBuf) msg);
            } catch (WireException e) {
                fail(remote, e.code(), e.description(), false, true);
                return;
            }
            handle(message);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void start() {
        if (state != HandshakeState.NEW) {
            return;
        }
        timeoutTask = ctx.executor().schedule(this::onTimeout, timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (role == TcpRole.CONNECTOR) {
            state = HandshakeState.AWAIT_HELLO_OR_VERSION_SELECT;
            send(Hello.of(self));
        } else {
            state = HandshakeState.AWAIT_HELLO;
            send(new Probe());
        }
        ctx.flush();
    }

    private void handle(HandshakeMessage message) {
        switch (state) {
            case AWAIT_HELLO_OR_VERSION_SELECT:
            case AWAIT_HELLO:
            case AWAIT_VERSION_SELECT:
                negotiate(message);
                break;
            case AWAIT_ORIG_SYN:
                if (message instanceof OriginatorSyn) {
                    remoteFilter = ((OriginatorSyn) message).filter();
                    state = HandshakeState.AWAIT_ORIG_ACK;
                    send(new ResponderSynAck(Objects.requireNonNull(localFilter.get(), "local filter")));
                    ctx.flush();
                } else {
                    unexpected(message.type().name());
                }
                break;
            case AWAIT_RESP_SYN_ACK:
                if (message instanceof ResponderSynAck) {
                    remoteFilter = ((ResponderSynAck) message).filter();
                    send(new OriginatorAck());
                    ctx.flush();
                    done();
                } else {
                    unexpected(message.type().name());
                }
                break;
            case AWAIT_ORIG_ACK:
                if (message instanceof OriginatorAck) {
                    done();
                } else {
                    unexpected(message.type().name());
                }
                break;
            default: // PAUSED: the remote has nothing to say until we send version_select
                unexpected(message.type().name());
        }
    }

    /** Phase 1, where probe is ignored and drop_conn accepted. */
    private void negotiate(HandshakeMessage message) {
        boolean helloAllowed = state != HandshakeState.AWAIT_VERSION_SELECT;
        boolean selectAllowed = state != HandshakeState.AWAIT_HELLO;
        if (message instanceof Probe) {
            return;
        } else if (message instanceof DropConn) {
            onDropConn((DropConn) message);
        } else if (message instanceof Hello && helloAllowed) {
            onHello((Hello) message);
        } else if (message instanceof VersionSelect && selectAllowed) {
            onVersionSelect((VersionSelect) message);
        } else {
            unexpected(message.type().name());
        }
    }

    private void onHello(Hello hello) {
        remote = hello.sender();
        if (hello.minVersion() > WireFormat.PROTOCOL_VERSION) {
            fail(remote, ErrorCode.PEER_INCOMPATIBLE, "version range not supported", false, true);
        } else if (self.compareTo(remote) < 0) {
            originator = true;
            begin();
        } else {
            state = HandshakeState.AWAIT_VERSION_SELECT;
            send(Hello.of(self));
            ctx.flush();
        }
    }

    private void onVersionSelect(VersionSelect select) {
        remote = select.sender();
        if (select.version() != WireFormat.PROTOCOL_VERSION) {
            fail(remote, ErrorCode.PEER_INCOMPATIBLE, "selected version not supported", false, true);
        } else {
            originator = false;
            begin();
        }
    }

    private void onDropConn(DropConn drop) {
        if (drop.code() == ErrorCode.REDUNDANT_CONNECTION.code()) {
            PeerStatus status = registry.status(drop.sender());
            boolean benign =
                    status == PeerStatus.CONNECTING || status == PeerStatus.CONNECTED || status == PeerStatus.PEERED;
            fail(drop.sender(), ErrorCode.REDUNDANT_CONNECTION, drop.description(), benign, false);
        } else {
            fail(drop.sender(), drop.errorCode(), drop.description(), false, false);
        }
    }

    /** The redundancy check of spec §6.3, once the remote ID and the roles are known. */
    private void begin() {
        EndpointId who = remote;
        EventLoop loop = ctx.channel().eventLoop();
        PausedHandshake ticket = decision -> {
            try {
                loop.execute(() -> onDecision(decision));
            } catch (RejectedExecutionException e) {
                if (decision == Decision.PROCEED) {
                    registry.failed(who);
                }
            }
        };
        Decision decision = registry.begin(who, originator, ticket);
        if (decision == Decision.PAUSE) {
            pausedTicket = ticket;
        }
        apply(decision);
    }

    private void onDecision(Decision decision) {
        assert ctx.channel().eventLoop().inEventLoop();
        if (state != HandshakeState.PAUSED) {
            if (decision == Decision.PROCEED) {
                registry.failed(remote);
            }
            return;
        }
        pausedTicket = null;
        apply(decision);
    }

    private void apply(Decision decision) {
        switch (decision) {
            case PROCEED:
                ownsRemoteStatus = true;
                if (originator) {
                    state = HandshakeState.AWAIT_RESP_SYN_ACK;
                    send(VersionSelect.of(self));
                    send(new OriginatorSyn(Objects.requireNonNull(localFilter.get(), "local filter")));
                    ctx.flush();
                } else {
                    state = HandshakeState.AWAIT_ORIG_SYN;
                }
                break;
            case PAUSE:
                state = HandshakeState.PAUSED;
                break;
            case DROP_REDUNDANT:
                fail(remote, ErrorCode.REDUNDANT_CONNECTION, "redundant connection", true, true);
                break;
            case DROP_RESPONDER_REDUNDANT:
                fail(remote, ErrorCode.LOGIC_ERROR, "detected redundant connection at the responder", true, true);
                break;
            default: // DROP_SHUTTING_DOWN
                fail(remote, ErrorCode.SHUTTING_DOWN, "shutting down", false, true);
        }
    }

    private void done() {
        state = HandshakeState.DONE;
        cancelTimeout();
        ownsRemoteStatus = false;
        registry.completed(remote);
        FrameDecoder decoder = ctx.pipeline().get(FrameDecoder.class);
        if (decoder != null) {
            decoder.output(FrameDecoder.Output.FRAME_ARRAY);
        }
        ctx.fireUserEventTriggered(new HandshakeResult.Success(remote, remoteFilter, originator));
        if (!ctx.isRemoved()) {
            ctx.pipeline().remove(this);
        }
    }

    private void onTimeout() {
        assert ctx.channel().eventLoop().inEventLoop();
        if (!state.isOver()) {
            fail(
                    remote,
                    ErrorCode.PEER_TIMEOUT,
                    "handshake timed out after " + timeout.toMillis() + " ms",
                    false,
                    false);
        }
    }

    private void unexpected(String what) {
        fail(remote, ErrorCode.UNEXPECTED_HANDSHAKE_MESSAGE, "unexpected " + what + " in state " + state, false, false);
    }

    /**
     * Ends the handshake: gives the registry back what this connection held, reports the failure,
     * then sends drop_conn (if {@code sendDropConn}) and closes.
     */
    private void fail(EndpointId who, ErrorCode code, String description, boolean redundant, boolean sendDropConn) {
        if (state.isOver()) {
            return;
        }
        state = HandshakeState.FAILED;
        cancelTimeout();
        if (ownsRemoteStatus) {
            ownsRemoteStatus = false;
            registry.failed(remote);
        }
        if (pausedTicket != null) {
            registry.cancelled(remote, pausedTicket);
            pausedTicket = null;
        }
        ctx.fireUserEventTriggered(new HandshakeResult.Failure(who, code, description, redundant));
        if (sendDropConn) {
            ctx.writeAndFlush(HandshakeCodec.encode(DropConn.of(self, code, description), ctx.alloc()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void send(HandshakeMessage message) {
        ctx.write(HandshakeCodec.encode(message, ctx.alloc()));
    }

    private void cancelTimeout() {
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
            timeoutTask = null;
        }
    }
}
