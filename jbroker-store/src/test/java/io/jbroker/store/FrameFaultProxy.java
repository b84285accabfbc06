package io.jbroker.store;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that understands Broker's framing (a 4-byte big-endian length, then
 * the frame) and, once {@link #arm armed}, drops or reorders single store-channel frames inside
 * one TCP connection, which TCP itself never does: among the command envelopes (type byte 2 at
 * offset 32) whose topic is one of the given store topics, it drops every {@code dropEvery}-th and
 * holds every {@code swapEvery}-th back until the next frame of that direction has gone out.
 * Everything else passes unchanged and in order. Blocking I/O on threads of its own; test code
 * only. Arm it only after the handshake: it reads every frame as an envelope.
 */
final class FrameFaultProxy implements AutoCloseable {
    private static final int MAX_FRAME = 16 << 20;
    private static final int TYPE_OFFSET = 32;
    private static final byte COMMAND = 2;

    private final ServerSocket server;
    private final int target;
    private final List<byte[]> topics;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong swapped = new AtomicLong();
    /** Per direction and fate, the matched frames by command kind (diagnostics for failures). */
    private final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> kinds =
            new java.util.concurrent.ConcurrentHashMap<>();

    private volatile int dropEvery;
    private volatile int swapEvery;
    private volatile boolean closed;

    FrameFaultProxy(int target, List<String> storeTopics) throws IOException {
        this.target = target;
        this.topics = storeTopics.stream()
                .map(t -> t.getBytes(StandardCharsets.UTF_8))
                .toList();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "frame-fault-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on, drop every {@code dropEvery}-th matching frame and swap every {@code swapEvery}-th with the next. */
    void arm(int dropEvery, int swapEvery) {
        this.swapEvery = swapEvery;
        this.dropEvery = dropEvery;
    }

    /** Counts of the matched frames by direction, fate and command, e.g. {@code to-client dropped PutCommand seq=12}. */
    java.util.Map<String, Long> kinds() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        kinds.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private void count(String direction, String fate, byte[] frame) {
        String kind;
        try {
            int topicLength = (frame[35] & 0xff) << 8 | (frame[36] & 0xff);
            int payload = 37 + topicLength;
            io.jbroker.store.internal.InternalCommand c =
                    io.jbroker.store.internal.CommandCodec.decode(frame, payload, frame.length - payload);
            kind = c.content().getClass().getSimpleName();
        } catch (RuntimeException ex) {
            kind = "undecoded";
        }
        kinds.computeIfAbsent(direction + " " + fate + " " + kind, k -> new AtomicLong())
                .incrementAndGet();
    }

    long matched() {
        return matched.get();
    }

    long dropped() {
        return dropped.get();
    }

    long swapped() {
        return swapped.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, "to-target");
                pump(upstream, client, "to-client");
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("proxy accept failed", e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread t = new Thread(
                () -> {
                    try (DataInputStream in = new DataInputStream(from.getInputStream())) {
                        forward(in, to.getOutputStream(), direction);
                    } catch (IOException e) {
                        // a side closed: close the other
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "frame-fault-proxy-" + direction);
        t.setDaemon(true);
        t.start();
    }

    private void forward(DataInputStream in, OutputStream out, String direction) throws IOException {
        byte[] held = null;
        while (true) {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException e) {
                return;
            }
            if (length < 0 || length > MAX_FRAME) {
                throw new IOException("frame of " + length + " bytes");
            }
            byte[] frame = new byte[length];
            in.readFully(frame);
            boolean match = dropEvery > 0 && isStoreCommand(frame);
            long n = match ? matched.incrementAndGet() : 0;
            if (match && n % dropEvery == 0) {
                dropped.incrementAndGet();
                count(direction, "dropped", frame);
                continue;
            }
            if (match && held == null && swapEvery > 0 && n % swapEvery == 0) {
                held = frame; // goes out after the next frame of this direction
                swapped.incrementAndGet();
                count(direction, "held", frame);
                continue;
            }
            if (match) {
                count(direction, "passed", frame);
            }
            write(out, frame);
            if (held != null) {
                write(out, held);
                held = null;
            }
            out.flush();
        }
    }

    private static void write(OutputStream out, byte[] frame) throws IOException {
        int n = frame.length;
        out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        out.write(frame);
    }

    private boolean isStoreCommand(byte[] frame) {
        if (frame.length <= TYPE_OFFSET || frame[TYPE_OFFSET] != COMMAND) {
            return false;
        }
        for (byte[] topic : topics) {
            if (contains(frame, topic)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = TYPE_OFFSET; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        sockets.forEach(FrameFaultProxy::closeQuietly);
    }
}
