package io.jbroker.zeromq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
     * A publisher that has seen a subscription starting with {@code prefix}.
     *
     * <p>JeroMQ 0.6.0's XPUB sometimes leaves the subscriptions a proxy replays right after it
     * connected unread until another message arrives on that connection (seen in about one of ten
     * connects, with JeroMQ's and with libzmq's proxy). So while waiting, a helper XSUB keeps
     * subscribing throw-away topics, which brings the stuck ones out. A {@link ZeroMqNode} gets the
     * same effect from its ready-to-publish subscription.
     */
    ZMQ.Socket publisher(JeroMqProxy proxy, String prefix) {
        return publisher(proxy.xsub(), proxy.xpub(), prefix);
    }

    ZMQ.Socket publisher(String proxyXsub, String proxyXpub, String prefix) {
        publisher = context.socket(SocketType.XPUB);
        publisher.setXpubVerbose(true);
        publisher.setLinger(0);
        publisher.connect(proxyXsub);
        ZMQ.Socket kicker = context.socket(SocketType.XSUB);
        kicker.setLinger(0);
        kicker.connect(proxyXpub);
        try {
            byte[] want = prefix.getBytes(StandardCharsets.UTF_8);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            publisher.setReceiveTimeOut(100);
            int kicks = 0;
            while (System.nanoTime() < deadline) {
                byte[] f = publisher.recv(0);
                if (f != null && f.length == want.length + 1 && f[0] == 1 && startsWith(f, want)) {
                    return publisher;
                }
                if (f == null) {
                    kicker.send(("\1test.kick." + kicks++).getBytes(StandardCharsets.UTF_8), 0);
                }
            }
            throw new AssertionError("no subscription " + prefix + " reached the raw publisher");
        } finally {
            kicker.close();
        }
    }

    private static boolean startsWith(byte[] f, byte[] want) {
        for (int i = 0; i < want.length; i++) {
            if (f[i + 1] != want[i]) {
                return false;
            }
        }
        return true;
    }

    private String recorderEndpoint;

    /** A recorder subscribed to everything. */
    ZMQ.Socket recorder(JeroMqProxy proxy) {
        recorderEndpoint = proxy.xpub();
        recorder = context.socket(SocketType.XSUB);
        recorder.setLinger(0);
        recorder.connect(recorderEndpoint);
        recorder.send(new byte[] {1}, 0);
        recorder.setReceiveTimeOut(100);
        return recorder;
    }

    /**
     * Waits for {@code condition} (a node seeing the recorder's subscription to everything),
     * repeating that subscription every 100 ms meanwhile: with JeroMQ sockets the first
     * subscription of a new connection is sometimes not passed on (see {@link
     * #publisher(JeroMqProxy, String)}).
     */
    ZMQ.Socket awaitWithKicks(String what, java.util.function.BooleanSupplier condition) {
        return awaitWithKicks(what, condition, () -> "");
    }

    /** Returns the recorder (a new one if it had to connect again). */
    ZMQ.Socket awaitWithKicks(
            String what, java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int rounds = 0;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; " + state.get());
            }
            if (++rounds % 10 == 0) {
                // Seen here: a JeroMQ proxy's XPUB that never reads a new connection; connect anew.
                recorder.close();
                recorder = context.socket(SocketType.XSUB);
                recorder.setLinger(0);
                recorder.connect(recorderEndpoint);
                recorder.setReceiveTimeOut(100);
            }
            // Withdrawn and made again: an XSUB passes a subscription on only when it is new.
            recorder.send(new byte[] {0}, 0);
            recorder.send(new byte[] {1}, 0);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
        return recorder;
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
