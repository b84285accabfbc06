package io.jbroker.zeromq.internal;

import io.jbroker.zeromq.CurveServerKeys;
import io.jbroker.zeromq.ZeroMqProxyConfig;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.Msg;
import zmq.SocketBase;
import zmq.ZError;
import zmq.util.Z85;

/**
 * The relay of a {@code ZeroMqProxy}: binds an XPUB and an XSUB socket and, on one thread, passes
 * data messages XSUB to XPUB and (un)subscriptions XPUB to XSUB.
 *
 * <p>Subscriptions: the XPUB is {@code XPUB_VERBOSE} (every subscribe is passed on, as Zeek's
 * proxy does) but not {@code XPUB_VERBOSER}: JeroMQ's XPUB then reports an unsubscription exactly
 * when no subscriber connection holds the prefix any more, whether it unsubscribed or
 * disconnected. The XSUB, like libzmq's, counts subscribes per prefix and passes an unsubscribe
 * upstream only when its count reaches zero, so the loop keeps the same count and sends as many
 * unsubscribes as it had sent subscribes: the publishers see one unsubscription when the last
 * subscriber goes. (With {@code XPUB_VERBOSER} JeroMQ would pass explicit unsubscribes but still
 * not those of a disconnect, and the XSUB's count would never reach zero for a prefix that two
 * nodes held.)
 *
 * <p>Data: sent with {@code XPUB_NODROP}, so a full subscriber makes the loop wait (back-pressure
 * to the publishers, as in Zeek). After the stall timeout the XPUB is switched to lossy: JeroMQ
 * then skips full subscribers (uncounted per subscriber; the loop counts every message relayed in
 * that state) and the others keep flowing; once per stall timeout the loop tries one message
 * lossless (without waiting) and stays lossy if a subscriber is still full.
 *
 * <p>Threading: the sockets belong to the loop thread; {@link #terminate()} may be called from any
 * thread. Errors: a failing socket ends the loop ({@link #failure()}); bad peer input never does.
 */
public final class ProxyLoop implements Runnable {
    private static final String ZAP_ENDPOINT = "inproc://zeromq.zap.01";
    private static final int SEND_WAIT_MS = 100;
    private static final int BATCH = 1000;

    private final ZeroMqProxyConfig config;
    private final ProxyCounters counters = new ProxyCounters();
    private final ZMQ.Context context;
    private final ZMQ.Socket xpub;
    private final ZMQ.Socket xsub;
    private final ZMQ.Socket controlServer;
    private final ZMQ.Socket controlClient;
    private final ZMQ.Socket zap;
    private final String xpubEndpoint;
    private final String xsubEndpoint;
    private final Map<String, Integer> subscribeCounts = new HashMap<>();
    private final long stallNanos;
    private volatile Throwable failure;
    private boolean lossy;
    private long lossySince;
    private boolean terminated;

    /**
     * Creates and binds the sockets on the calling thread.
     *
     * @throws ZMQException if a bind fails (the context is closed again)
     */
    public ProxyLoop(ZeroMqProxyConfig config) {
        this.config = config;
        this.stallNanos = config.stallTimeout().toNanos();
        context = ZMQ.context(config.ioThreads());
        ZMQ.Socket pub = null;
        ZMQ.Socket sub = null;
        ZMQ.Socket ctlServer = null;
        ZMQ.Socket ctlClient = null;
        ZMQ.Socket zapSocket = null;
        try {
            String control = "inproc://jbroker-zmq-proxy-control";
            ctlServer = context.socket(SocketType.PAIR);
            ctlServer.bind(control);
            ctlClient = context.socket(SocketType.PAIR);
            ctlClient.connect(control);
            ctlClient.setLinger(0);
            ctlServer.setLinger(0);

            pub = context.socket(SocketType.XPUB);
            pub.setXpubVerbose(true);
            pub.setXpubNoDrop(true);
            pub.setSndHWM(config.sendHighWaterMark());
            pub.setRcvHWM(config.receiveHighWaterMark());
            pub.setMaxMsgSize(config.maxFrameBytes());
            pub.setSendTimeOut(SEND_WAIT_MS);
            pub.setLinger(0);

            sub = context.socket(SocketType.XSUB);
            sub.setRcvHWM(config.receiveHighWaterMark());
            sub.setSndHWM(config.sendHighWaterMark());
            sub.setMaxMsgSize(config.maxFrameBytes());
            sub.setLinger(0);

            if (config.curve().isPresent()) {
                CurveServerKeys keys = config.curve().get();
                zapSocket = context.socket(SocketType.REP);
                zapSocket.setLinger(0);
                zapSocket.bind(ZAP_ENDPOINT);
                for (ZMQ.Socket s : new ZMQ.Socket[] {pub, sub}) {
                    s.setCurveServer(true);
                    s.setCurvePublicKey(Z85.decode(keys.serverPublicKey()));
                    s.setCurveSecretKey(Z85.decode(keys.serverSecretKey()));
                    s.setZAPDomain("jbroker");
                }
            }
            pub.bind(config.listenXpub());
            sub.bind(config.listenXsub());
        } catch (RuntimeException e) {
            for (ZMQ.Socket s : new ZMQ.Socket[] {pub, sub, ctlServer, ctlClient, zapSocket}) {
                if (s != null) {
                    s.close();
                }
            }
            context.term();
            throw e;
        }
        xpub = pub;
        xsub = sub;
        controlServer = ctlServer;
        controlClient = ctlClient;
        zap = zapSocket;
        xpubEndpoint = xpub.getLastEndpoint();
        xsubEndpoint = xsub.getLastEndpoint();
        counters.running = true;
    }

    /** The bound XPUB endpoint. */
    public String xpubEndpoint() {
        return xpubEndpoint;
    }

    /** The bound XSUB endpoint. */
    public String xsubEndpoint() {
        return xsubEndpoint;
    }

    /** The counters. */
    public ProxyCounters counters() {
        return counters;
    }

    /** Why the loop ended on its own, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Asks the loop to end; call once, from the thread that owns this object's lifecycle. */
    public void terminate() {
        controlClient.send(new byte[] {'T'}, 0);
    }

    /** Closes the context after the loop thread has ended. */
    public void closeContext() {
        controlClient.close();
        context.term();
    }

    @Override
    public void run() {
        ZMQ.Poller poller = context.poller(4);
        try {
            int ctl = poller.register(controlServer, ZMQ.Poller.POLLIN);
            int pubIndex = poller.register(xpub, ZMQ.Poller.POLLIN);
            int subIndex = poller.register(xsub, ZMQ.Poller.POLLIN);
            int zapIndex = zap == null ? -1 : poller.register(zap, ZMQ.Poller.POLLIN);
            while (!terminated) {
                poller.poll(-1);
                if (poller.pollin(ctl)) {
                    terminated = true;
                    break;
                }
                if (zapIndex >= 0 && poller.pollin(zapIndex)) {
                    answerZap();
                }
                if (poller.pollin(pubIndex)) {
                    drainSubscriptions();
                }
                if (poller.pollin(subIndex)) {
                    relayData();
                }
            }
        } catch (RuntimeException | Error e) {
            if (!terminated) {
                failure = e;
            }
        } finally {
            counters.running = false;
            poller.close();
            xpub.close();
            xsub.close();
            controlServer.close();
            if (zap != null) {
                zap.close();
            }
        }
    }

    // ---- subscriptions: XPUB -> XSUB ----

    private void drainSubscriptions() {
        SocketBase pub = xpub.base();
        for (int i = 0; i < BATCH; i++) {
            Msg msg = pub.recv(ZMQ.DONTWAIT);
            if (msg == null) {
                return;
            }
            handleSubscriberMessage(msg);
        }
    }

    private void handleSubscriberMessage(Msg msg) {
        if (msg.hasMore()) {
            counters.invalidSubscriberMessages++;
            Msg part = msg;
            while (part != null && part.hasMore()) {
                part = xpub.base().recv(ZMQ.DONTWAIT);
            }
            return;
        }
        byte[] data = msg.data();
        if (data == null || data.length == 0 || (data[0] != 0 && data[0] != 1)) {
            counters.invalidSubscriberMessages++;
            return;
        }
        String topic = new String(data, 1, data.length - 1, StandardCharsets.ISO_8859_1);
        if (data[0] == 1) {
            Integer count = subscribeCounts.get(topic);
            if (count == null && subscribeCounts.size() >= config.maxTopics()) {
                counters.subscriptionsRejected++;
                return;
            }
            subscribeCounts.put(topic, count == null ? 1 : count + 1);
            counters.topics = subscribeCounts.size();
            sendToXsub(data);
            counters.subscriptionsForwarded++;
        } else {
            Integer count = subscribeCounts.remove(topic);
            if (count == null) {
                return; // never forwarded (rejected): nothing to withdraw
            }
            counters.topics = subscribeCounts.size();
            for (int i = 0; i < count; i++) {
                sendToXsub(data); // the XSUB passes on the last one only
            }
            counters.unsubscriptionsForwarded++;
        }
    }

    private void sendToXsub(byte[] frame) {
        if (!xsub.base().send(new Msg(Arrays.copyOf(frame, frame.length)), 0)) {
            throw new ZMQException("XSUB send failed", xsub.base().errno());
        }
    }

    // ---- data: XSUB -> XPUB ----

    private void relayData() {
        SocketBase sub = xsub.base();
        for (int i = 0; i < BATCH && !terminated; i++) {
            Msg first = sub.recv(ZMQ.DONTWAIT);
            if (first == null) {
                return;
            }
            relayMessage(first);
        }
    }

    private void relayMessage(Msg first) {
        SocketBase sub = xsub.base();
        SocketBase pub = xpub.base();
        boolean probe = lossy && System.nanoTime() - lossySince >= stallNanos;
        if (probe) {
            setLossy(false); // probe: lossless again if the full subscribers have caught up
        }
        if (!sendFirstFrame(first, probe)) {
            return; // terminated while waiting
        }
        long frames = 1;
        long bytes = first.size();
        Msg part = first;
        while (part.hasMore()) {
            part = sub.recv(ZMQ.DONTWAIT);
            if (part == null) {
                throw new ZMQException("incomplete multipart message on the XSUB", ZError.EPROTO);
            }
            bytes += part.size();
            frames++;
            sendRemainingFrame(part);
        }
        counters.framesRelayed += frames;
        counters.bytesRelayed += bytes;
        counters.messagesRelayed++;
        if (lossy) {
            counters.messagesRelayedLossy++;
        }
    }

    /** Sends the first frame, waiting for full subscribers up to the stall timeout. */
    private boolean sendFirstFrame(Msg msg, boolean probe) {
        SocketBase pub = xpub.base();
        int flags = msg.hasMore() ? ZMQ.SNDMORE : 0;
        if (pub.send(msg, flags | ZMQ.DONTWAIT)) {
            return true; // the common case: no subscriber is full
        }
        if (probe) {
            setLossy(true); // still full: stay lossy without waiting again
            return pub.send(msg, flags) || fail(pub);
        }
        long start = System.nanoTime();
        while (!pub.send(msg, flags)) {
            int errno = pub.errno();
            if (errno != ZError.EAGAIN) {
                throw new ZMQException("XPUB send failed", errno);
            }
            if (controlPending()) {
                terminated = true;
                return false;
            }
            drainSubscriptions();
            if (stallNanos > 0 && System.nanoTime() - start >= stallNanos) {
                counters.stalls++;
                setLossy(true);
            }
        }
        return true;
    }

    private void sendRemainingFrame(Msg msg) {
        SocketBase pub = xpub.base();
        int flags = msg.hasMore() ? ZMQ.SNDMORE : 0;
        if (pub.send(msg, flags | ZMQ.DONTWAIT)) {
            return;
        }
        while (!pub.send(msg, flags)) {
            int errno = pub.errno();
            if (errno != ZError.EAGAIN) {
                throw new ZMQException("XPUB send failed", errno);
            }
        }
    }

    private static boolean fail(SocketBase socket) {
        throw new ZMQException("XPUB send failed", socket.errno());
    }

    private void setLossy(boolean on) {
        if (lossy != on) {
            lossy = on;
            xpub.setXpubNoDrop(!on);
            if (on) {
                lossySince = System.nanoTime();
            }
        }
    }

    private boolean controlPending() {
        return (controlServer.getEvents() & ZMQ.Poller.POLLIN) != 0;
    }

    // ---- CURVE: ZAP (RFC 27) on the loop thread ----

    private void answerZap() {
        byte[] version = zap.recv(ZMQ.DONTWAIT);
        if (version == null) {
            return;
        }
        byte[][] parts = new byte[7][];
        parts[0] = version;
        int n = 1;
        while (zap.hasReceiveMore()) {
            byte[] p = zap.recv(0);
            if (n < parts.length) {
                parts[n] = p;
            }
            n++;
        }
        byte[] requestId = parts[1] == null ? new byte[0] : parts[1];
        String mechanism = parts[5] == null ? "" : new String(parts[5], StandardCharsets.US_ASCII);
        byte[] clientKey = parts[6];
        String expected = config.curve().map(CurveServerKeys::clientPublicKey).orElse("");
        boolean ok = "CURVE".equals(mechanism)
                && clientKey != null
                && clientKey.length == 32
                && expected.equals(Z85.encode(clientKey, clientKey.length));
        if (ok) {
            counters.curveAccepted++;
        } else {
            counters.curveDenied++;
        }
        zap.sendMore("1.0");
        zap.sendMore(requestId);
        zap.sendMore(ok ? "200" : "400");
        zap.sendMore(ok ? "OK" : "client key not allowed");
        zap.sendMore(ok ? "0" : "");
        zap.send(new byte[0], 0);
    }
}
