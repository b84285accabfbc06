package io.jbroker.logger;

import io.jbroker.logger.internal.SafeEvents;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogBatchCodec;
import io.jbroker.zeek.log.LogDecodeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The log socket of a Zeek logger under the ZeroMQ cluster backend: a PULL socket bound where the
 * cluster layout puts the logger ({@code tcp://<ip>:<port>}), receiving the 4-frame {@code
 * log-write | node id | zeek-bin-serializer | batch} messages every node PUSHes, decoding them and
 * handing them to a {@link LogSink} (a {@link LogDirectoryWriter}, Kafka, or both).
 *
 * <p>One receiving thread, which never touches the disk. While the writer's queue is full the thread
 * waits in {@link LogSink#write} and reads nothing, so the senders' PUSH queues fill
 * (back-pressure, bounded by the receive high-water mark). A message that is not a valid batch is
 * counted ({@link #malformedCount()}), reported ({@link LogEvents#malformed}) and skipped.
 */
public final class ZmqLogReceiver implements AutoCloseable {
    /** Frame 1 of a log batch message. */
    public static final String LOG_WRITE = "log-write";

    /** Largest message accepted, bytes (larger ones close the sender's connection). */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 64L << 20;

    private static final int POLL_MS = 100;

    private final LogSink writer;
    private final SafeEvents events;
    private final ZMQ.Context context;
    private final ZMQ.Socket socket;
    private final String endpoint;
    private final Thread thread;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile boolean stop;

    private ZmqLogReceiver(LogSink writer, LogEvents events, String bindUrl, long maxMessageBytes, int hwm) {
        this.writer = writer;
        this.events = new SafeEvents(events);
        this.context = ZMQ.context(1);
        this.socket = context.socket(SocketType.PULL);
        socket.setLinger(0);
        socket.setHandshakeIvl((int) ZmqLogSender.HANDSHAKE_TIMEOUT.toMillis()); // see ZmqLogSender
        socket.setMaxMsgSize(maxMessageBytes);
        socket.setRcvHWM(hwm);
        socket.setReceiveTimeOut(POLL_MS);
        try {
            socket.bind(bindUrl);
        } catch (ZMQException e) {
            socket.close();
            context.close();
            throw new IllegalArgumentException("cannot bind " + bindUrl + ": " + e.getMessage(), e);
        }
        this.endpoint = socket.getLastEndpoint();
        this.thread = new Thread(this::run, "jbroker-zmq-log-pull");
        thread.setDaemon(true);
    }

    /**
     * Binds a PULL socket at {@code bindUrl} (e.g. {@code tcp://127.0.0.1:27761}, port {@code *}
     * for any) and starts receiving into {@code writer}.
     *
     * @throws IllegalArgumentException if the address cannot be bound
     */
    public static ZmqLogReceiver bind(LogSink writer, LogEvents events, String bindUrl) {
        ZmqLogReceiver r = new ZmqLogReceiver(writer, events, bindUrl, DEFAULT_MAX_MESSAGE_BYTES, 100);
        r.thread.start();
        return r;
    }

    /** The bound address, e.g. {@code tcp://127.0.0.1:27761}. */
    public String endpoint() {
        return endpoint;
    }

    /** Messages received. */
    public long receivedCount() {
        return received.get();
    }

    /** Messages that were no valid log batch. */
    public long malformedCount() {
        return malformed.get();
    }

    private void run() {
        try {
            long drainUntil = Long.MAX_VALUE;
            while (System.nanoTime() < drainUntil) {
                if (stop && drainUntil == Long.MAX_VALUE) {
                    // Take what already arrived before stopping, for at most 2 s.
                    drainUntil = System.nanoTime() + 2_000_000_000L;
                }
                List<byte[]> frames = receive();
                if (frames == null) {
                    if (stop) {
                        break;
                    }
                    continue;
                }
                received.incrementAndGet();
                try {
                    LogBatch batch = batch(frames);
                    if (batch != null) {
                        writer.write(batch);
                    }
                } catch (RuntimeException e) {
                    // Never let one message end the receiving thread.
                    malformed.incrementAndGet();
                    events.malformed(endpoint, "message not handled: " + e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ZMQException e) {
            if (!stop) {
                events.malformed(endpoint, "receiving stopped: " + e.getMessage());
            }
        }
    }

    private List<byte[]> receive() {
        byte[] first = socket.recv(0);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(4);
        frames.add(first);
        while (socket.hasReceiveMore()) {
            byte[] more = socket.recv(0);
            if (frames.size() < 5) {
                frames.add(more);
            }
        }
        return frames;
    }

    private LogBatch batch(List<byte[]> frames) {
        String problem = null;
        if (frames.size() != 4) {
            problem = "message of " + frames.size() + " frames, expected 4";
        } else if (!LOG_WRITE.equals(new String(frames.get(0), StandardCharsets.US_ASCII))) {
            problem = "frame 1 is not \"log-write\"";
        } else if (!LogBatchCodec.FORMAT.equals(new String(frames.get(2), StandardCharsets.US_ASCII))) {
            problem = "unknown format " + printable(frames.get(2));
        }
        if (problem == null) {
            try {
                return LogBatchCodec.decode(frames.get(3));
            } catch (LogDecodeException e) {
                problem = "batch from " + printable(frames.get(1)) + ": " + e.getMessage();
            }
        }
        malformed.incrementAndGet();
        events.malformed(endpoint, problem);
        return null;
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 64); i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    /**
     * Stops receiving and closes the socket. Messages that already arrived are still handed to the
     * writer (for up to 2 s); what a sender has not delivered yet is lost, as ZeroMQ has no
     * acknowledgements.
     */
    @Override
    public void close() {
        stop = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
        context.close();
    }
}
