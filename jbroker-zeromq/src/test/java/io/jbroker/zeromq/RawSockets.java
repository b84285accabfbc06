package io.jbroker.zeromq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * Plain JeroMQ sockets playing a foreign node: a publisher (XPUB connected to the proxy's XSUB)
 * that waits for a subscription before sending raw frames, and a recorder (XSUB connected to the
 * proxy's XPUB, subscribed to everything) that returns raw multipart messages. Used from the test
 * thread only.
 */
final class RawSockets implements AutoCloseable {
    private final ZMQ.Context context = ZMQ.context(1);
    private ZMQ.Socket publisher;
    private ZMQ.Socket recorder;

    /**
     * How long a raw socket's connection may stay without its ZMTP handshake before it connects
     * again: JeroMQ 0.6.0 sometimes leaves a fresh connection without one (see {@link
     * ZeroMqNode}'s constructor comment and {@link ZeroMqConfig#handshakeTimeout()}).
     */
    private static final int HANDSHAKE_MILLIS = 1000;

    /** A publisher that has seen a subscription starting with {@code prefix}. */
    ZMQ.Socket publisher(JeroMqProxy proxy, String prefix) {
        return publisher(proxy.xsub(), prefix);
    }

    ZMQ.Socket publisher(String proxyXsub, String prefix) {
        publisher = context.socket(SocketType.XPUB);
        publisher.setXpubVerbose(true);
        publisher.setLinger(0);
        publisher.setHandshakeIvl(HANDSHAKE_MILLIS);
        publisher.connect(proxyXsub);
        byte[] want = prefix.getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        publisher.setReceiveTimeOut(100);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            byte[] f = publisher.recv(0);
            if (f == null) {
                continue;
            }
            if (f.length == want.length + 1 && f[0] == 1 && startsWith(f, want)) {
                return publisher;
            }
            if (seen.size() < 20) {
                seen.add(new String(f, StandardCharsets.UTF_8));
            }
        }
        throw new AssertionError("no subscription " + prefix + " reached the raw publisher; it saw " + seen);
    }

    private static boolean startsWith(byte[] f, byte[] want) {
        for (int i = 0; i < want.length; i++) {
            if (f[i + 1] != want[i]) {
                return false;
            }
        }
        return true;
    }

    /** A recorder subscribed to everything. */
    ZMQ.Socket recorder(JeroMqProxy proxy) {
        recorder = context.socket(SocketType.XSUB);
        recorder.setLinger(0);
        recorder.setHandshakeIvl(HANDSHAKE_MILLIS);
        recorder.connect(proxy.xpub());
        recorder.send(new byte[] {1}, 0);
        recorder.setReceiveTimeOut(100);
        return recorder;
    }

    /**
     * {@code condition}, which also lets each socket handle its pending commands first. A JeroMQ
     * socket does that only inside a call on it: until then a new connection's pipe is not
     * attached (so an XSUB's subscriptions are not replayed on it) and a reconnect's hiccup is not
     * handled (so an XSUB does not send its subscriptions again), whatever waits for it.
     */
    static BooleanSupplier servicing(BooleanSupplier condition, ZMQ.Socket... sockets) {
        return () -> {
            for (ZMQ.Socket s : sockets) {
                s.getEvents();
            }
            return condition.getAsBoolean();
        };
    }

    static void send(ZMQ.Socket s, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            s.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** The next multipart message, waiting up to 20 s. */
    static List<byte[]> receive(ZMQ.Socket s) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            byte[] f = s.recv(0);
            if (f != null) {
                List<byte[]> out = new ArrayList<>();
                out.add(f);
                while (s.hasReceiveMore()) {
                    out.add(s.recv(0));
                }
                return out;
            }
        }
        throw new AssertionError("nothing received");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
        if (recorder != null) {
            recorder.close();
        }
        context.term();
    }
}
