package io.jbroker.logger;

import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogBatchCodec;
import io.jbroker.zeek.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

/**
 * Sends log batches to a Zeek logger (or a {@link ZmqLogReceiver}) the way a Zeek node of a ZeroMQ
 * cluster does: a PUSH socket connected to the logger's address, one {@code log-write} message per
 * batch. Not thread-safe (one sender per thread, as ZeroMQ sockets are).
 *
 * <p>Delivery: batches are queued in the socket (up to its high-water mark; {@link #send} blocks
 * beyond it) until the logger's connection takes them, also while the logger is not up yet or
 * reconnecting. A connection whose ZMTP handshake does not complete within {@link
 * #HANDSHAKE_TIMEOUT} is dropped and made anew, keeping the queued batches (JeroMQ 0.6.0 can leave
 * a fresh outgoing connection unregistered in its poller when it completes while the sending thread
 * queues its first messages; without the timeout such a connection never handshakes and its batches
 * are lost at close); the first {@link #send} also waits (up to that timeout) for the first
 * connection, which avoids that race. {@link #close()} waits up to the linger time for the queue to drain and throws
 * {@link UndeliveredLogsException} if it did not.
 *
 * <pre>{@code
 * try (ZmqLogSender logger = ZmqLogSender.connect("tcp://127.0.0.1:27761", "jbroker-worker")) {
 *     logger.write(conn, conn.record(Instant.now(), "C1", "10.0.0.1", "49152/tcp"));
 * }
 * }</pre>
 */
public final class ZmqLogSender implements AutoCloseable {
    /** How long a new connection may take to complete its handshake before it is made anew. */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);

    /** The default linger time of {@link #close()}. */
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(10);

    private final ZMQ.Context context;
    private final ZMQ.Socket socket;
    private final String url;
    private final Duration linger;
    private final byte[] nodeId;
    private final AtomicLong handshakes = new AtomicLong();
    private final CountDownLatch connected = new CountDownLatch(1);
    private long batchesSent;
    private boolean waited;
    private boolean closed;

    private ZmqLogSender(String url, String nodeId, Duration linger) {
        this.url = url;
        this.linger = linger;
        this.context = ZMQ.context(1);
        this.socket = context.socket(SocketType.PUSH);
        socket.setLinger((int) linger.toMillis());
        socket.setHandshakeIvl((int) HANDSHAKE_TIMEOUT.toMillis());
        // Called on the socket's I/O thread.
        socket.setEventHook(
                event -> {
                    if (event.getEvent() == ZMonitor.Event.HANDSHAKE_PROTOCOL) {
                        handshakes.incrementAndGet();
                        connected.countDown();
                    }
                },
                ZMQ.EVENT_HANDSHAKE_PROTOCOL);
        socket.connect(url);
        this.nodeId = nodeId.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A sender connected to {@code url} that names itself {@code nodeId} in frame 2; closing waits up
     * to 10 s for queued batches to go out.
     */
    public static ZmqLogSender connect(String url, String nodeId) {
        return new ZmqLogSender(url, nodeId, DEFAULT_LINGER);
    }

    /** As {@link #connect(String, String)}, closing waits up to {@code linger} for queued batches. */
    public static ZmqLogSender connect(String url, String nodeId, Duration linger) {
        if (linger.toMillis() <= 0 || linger.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("linger must be between 1 and " + Integer.MAX_VALUE + " ms");
        }
        return new ZmqLogSender(url, nodeId, linger);
    }

    /** Sends {@code records} of {@code stream} as one batch; blocks while the socket's queue is full. */
    public void write(LogStream stream, LogRecord... records) {
        send(stream.batch(List.of(records)));
    }

    /** Sends one batch; blocks while the socket's queue is full. */
    public void send(LogBatch batch) {
        send(LogBatchCodec.encode(batch));
    }

    /** Sends the encoded batch {@code payload}; blocks while the socket's queue is full. */
    public void send(byte[] payload) {
        if (closed) {
            throw new IllegalStateException("sender closed");
        }
        if (!waited) {
            // Queueing while the first connection completes is what trips JeroMQ's race (see above).
            waited = true;
            awaitConnected(HANDSHAKE_TIMEOUT);
        }
        socket.sendMore(ZmqLogReceiver.LOG_WRITE);
        socket.sendMore(nodeId);
        socket.sendMore(LogBatchCodec.FORMAT);
        socket.send(payload, 0);
        batchesSent++;
    }

    /** Batches handed to the socket so far. */
    public long batchesSent() {
        return batchesSent;
    }

    /** Connections to the logger that completed their handshake so far. */
    public long handshakes() {
        return handshakes.get();
    }

    /**
     * Waits until a connection to the logger has completed its handshake (the first {@link #send}
     * does so for up to {@link #HANDSHAKE_TIMEOUT}, then queues anyway).
     *
     * @return false if none did within {@code timeout}
     */
    public boolean awaitConnected(Duration timeout) {
        try {
            return connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return connected.getCount() == 0;
        }
    }

    /**
     * Closes the socket, waiting up to the linger time for queued batches to reach the logger.
     *
     * @throws UndeliveredLogsException if batches were still queued when the linger time ran out
     *     (they are lost)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long start = System.nanoTime();
        socket.close();
        context.close();
        long elapsed = System.nanoTime() - start;
        // The context ends before the linger time only once the socket's queue is empty.
        if (batchesSent > 0 && elapsed >= linger.toNanos()) {
            throw new UndeliveredLogsException(url, batchesSent, handshakes.get(), linger);
        }
    }
}
