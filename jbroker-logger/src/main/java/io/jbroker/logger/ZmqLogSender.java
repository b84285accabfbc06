package io.jbroker.logger;

import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogBatchCodec;
import io.jbroker.zeek.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * Sends log batches to a Zeek logger (or a {@link ZmqLogReceiver}) the way a Zeek node of a ZeroMQ
 * cluster does: a PUSH socket connected to the logger's address, one {@code log-write} message per
 * batch. Not thread-safe (one sender per thread, as ZeroMQ sockets are).
 *
 * <pre>{@code
 * try (ZmqLogSender logger = ZmqLogSender.connect("tcp://127.0.0.1:27761", "jbroker-worker")) {
 *     logger.write(conn, conn.record(Instant.now(), "C1", "10.0.0.1", "49152/tcp"));
 * }
 * }</pre>
 */
public final class ZmqLogSender implements AutoCloseable {
    /** How long a connection may take to finish its ZMTP handshake before it is retried. */
    static final int HANDSHAKE_IVL_MILLIS = 2000;

    private final ZMQ.Context context;
    private final ZMQ.Socket socket;
    private final byte[] nodeId;

    private ZmqLogSender(String url, String nodeId, Duration linger) {
        this.context = ZMQ.context(1);
        this.socket = context.socket(SocketType.PUSH);
        socket.setLinger((int) linger.toMillis());
        // JeroMQ 0.6.0 can leave a fresh connection without its ZMTP handshake (its poller misses
        // the engine's registration, jeromq PR #1022) until the handshake interval drops it and
        // the socket reconnects: 30 s by default, with every batch held. Bound that wait.
        socket.setHandshakeIvl(HANDSHAKE_IVL_MILLIS);
        socket.connect(url);
        this.nodeId = nodeId.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A sender connected to {@code url} that names itself {@code nodeId} in frame 2; closing waits up
     * to 10 s for queued batches to go out.
     */
    public static ZmqLogSender connect(String url, String nodeId) {
        return new ZmqLogSender(url, nodeId, Duration.ofSeconds(10));
    }

    /** Sends {@code records} of {@code stream} as one batch; blocks while the socket's queue is full. */
    public void write(LogStream stream, LogRecord... records) {
        send(stream.batch(List.of(records)));
    }

    /** Sends one batch; blocks while the socket's queue is full. */
    public void send(LogBatch batch) {
        send(LogBatchCodec.encode(batch));
    }

    /** Sends the encoded batch {@code payload}. */
    public void send(byte[] payload) {
        socket.sendMore(ZmqLogReceiver.LOG_WRITE);
        socket.sendMore(nodeId);
        socket.sendMore(LogBatchCodec.FORMAT);
        socket.send(payload, 0);
    }

    @Override
    public void close() {
        socket.close();
        context.close();
    }
}
