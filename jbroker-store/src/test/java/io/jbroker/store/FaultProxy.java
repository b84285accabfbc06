package io.jbroker.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 for fault tests: forwards every accepted connection to a target port
 * and can {@link #cut} all current connections in the middle of the stream (both sockets closed at
 * once, whatever was in flight is lost) or {@link #pause} forwarding (bytes wait, in order). Blocking
 * I/O on threads of its own; test code only.
 */
final class FaultProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final Object pauseLock = new Object();
    private volatile boolean paused;
    private volatile boolean closed;

    FaultProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "fault-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Bytes forwarded so far, both directions. */
    long forwarded() {
        return forwarded.get();
    }

    /** Connections accepted so far. */
    long accepted() {
        return accepted.get();
    }

    /** Closes every current connection (both sides) at once; new ones are accepted as before. */
    void cut() {
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0); // a reset: nothing queued is delivered any more
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        sockets.clear();
    }

    /** Stops (true) or resumes (false) forwarding; the bytes read meanwhile wait in order. */
    void pause(boolean pause) {
        synchronized (pauseLock) {
            paused = pause;
            pauseLock.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket in = server.accept();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                sockets.add(in);
                sockets.add(out);
                accepted.incrementAndGet();
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[16 * 1024];
                    try (InputStream i = from.getInputStream();
                            OutputStream o = to.getOutputStream()) {
                        int n;
                        while ((n = i.read(buf)) > 0) {
                            awaitResumed();
                            o.write(buf, 0, n);
                            forwarded.addAndGet(n);
                        }
                    } catch (IOException | InterruptedException e) {
                        // cut or closed
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "fault-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void awaitResumed() throws InterruptedException {
        synchronized (pauseLock) {
            while (paused && !closed) {
                pauseLock.wait();
            }
        }
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
        pause(false);
        server.close();
        cut();
    }
}
