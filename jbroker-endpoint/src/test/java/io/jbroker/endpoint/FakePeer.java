package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.Filter;
import io.jbroker.internal.wire.HandshakeCodec;
import io.jbroker.internal.wire.HandshakeMessage;
import io.jbroker.internal.wire.Hello;
import io.jbroker.internal.wire.MessageType;
import io.jbroker.internal.wire.OriginatorAck;
import io.jbroker.internal.wire.OriginatorSyn;
import io.jbroker.internal.wire.Probe;
import io.jbroker.internal.wire.ResponderSynAck;
import io.jbroker.internal.wire.VersionSelect;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A remote Broker node played from raw bytes over a plain {@link Socket} on 127.0.0.1 (no Netty):
 * connects to or accepts from the endpoint under test, sends exact frames, reads frames with a
 * deadline and asserts their bytes. Frames are always handled with their 4-byte length prefix.
 * Not thread-safe; one test thread drives it.
 */
final class FakePeer implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int pings;

    private FakePeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection to the endpoint listening on {@code port}. */
    static FakePeer connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        return new FakePeer(s);
    }

    /** A listening socket on 127.0.0.1 for the endpoint to connect to. */
    static final class Listener implements AutoCloseable {
        private final ServerSocket server;

        Listener() throws IOException {
            server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        }

        int port() {
            return server.getLocalPort();
        }

        FakePeer accept() throws IOException {
            server.setSoTimeout((int) DEADLINE.toMillis());
            return new FakePeer(server.accept());
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    // ------------------------------------------------------------------ frame builders

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] frame(HandshakeMessage message) {
        ByteBuf b = HandshakeCodec.encode(message, ALLOC);
        try {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            return bytes;
        } finally {
            b.release();
        }
    }

    static Filter filter(String... topics) {
        List<Topic> list = new ArrayList<>();
        for (String t : topics) {
            list.add(Topic.of(t));
        }
        return Filter.of(list);
    }

    /** drop_conn as Broker writes it (descriptions shorter than 128 bytes). */
    static byte[] dropConn(EndpointId sender, int code, String description) {
        byte[] text = description.getBytes(StandardCharsets.US_ASCII);
        return hex(String.format("%08x", 23 + text.length) + "09" + "5a45454b" + hex(sender.toBytes())
                + String.format("%02x%02x", code, text.length) + hex(text));
    }

    // ------------------------------------------------------------------ I/O

    void send(byte[]... frames) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            all.writeBytes(f);
        }
        out.write(all.toByteArray());
        out.flush();
    }

    void send(List<byte[]> frames) throws IOException {
        send(frames.toArray(new byte[0][]));
    }

    void send(HandshakeMessage message) throws IOException {
        send(frame(message));
    }

    void send(Envelope envelope) throws IOException {
        send(envelope.frame());
    }

    /** Half-closes the connection: the endpoint reads end of stream. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** The next frame (length prefix included); fails if none arrives before the deadline. */
    byte[] read() throws IOException {
        return read(DEADLINE);
    }

    /**
     * The next frame within {@code timeout}. Heartbeat pings of a jbroker endpoint (sent when a
     * peering has been idle) are answered with their pong and skipped, as a Broker peer would, so
     * a slow test never sees them.
     */
    byte[] read(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            byte[] frame = readFrame(deadline);
            Envelope e = heartbeat(frame);
            if (e == null) {
                return frame;
            }
            send(Envelope.of(e.receiver(), e.sender(), MessageType.PONG, Topic.RESERVED, e.payload()));
        }
    }

    /** The next frame within {@code timeout}, heartbeat pings included. */
    byte[] readRaw(Duration timeout) throws IOException {
        return readFrame(System.nanoTime() + timeout.toNanos());
    }

    /** The frame as an envelope if it is a heartbeat ping, else null. */
    private static Envelope heartbeat(byte[] frame) {
        if (frame.length < 41 || frame[36] != (byte) MessageType.PING.code()) {
            return null;
        }
        try {
            Envelope e = Envelope.parse(frame);
            return new String(e.payload(), StandardCharsets.ISO_8859_1).startsWith("jbroker-hb") ? e : null;
        } catch (RuntimeException notAnEnvelope) {
            return null; // a handshake frame
        }
    }

    private byte[] readFrame(long deadline) throws IOException {
        byte[] prefix = readExactly(4, deadline);
        int length = ((prefix[0] & 0xFF) << 24)
                | ((prefix[1] & 0xFF) << 16)
                | ((prefix[2] & 0xFF) << 8)
                | (prefix[3] & 0xFF);
        assertThat(length).as("frame length").isBetween(1, 1 << 20);
        byte[] body = readExactly(length, deadline);
        byte[] frame = Arrays.copyOf(prefix, 4 + length);
        System.arraycopy(body, 0, frame, 4, length);
        return frame;
    }

    /** Reads the next frame and asserts it is exactly {@code expected}. */
    void expect(byte[] expected) throws IOException {
        assertThat(hex(read())).isEqualTo(hex(expected));
    }

    void expect(List<byte[]> expected) throws IOException {
        for (byte[] f : expected) {
            expect(f);
        }
    }

    /** Reads the next frame and parses it as an envelope. */
    Envelope readEnvelope() throws IOException {
        return Envelope.parse(read());
    }

    /**
     * Waits for the endpoint to close the connection; returns everything it sent before closing.
     * Fails if the connection is still open at the deadline.
     */
    byte[] awaitClose() throws IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (true) {
            setTimeout(deadline);
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                throw new AssertionError(
                        "connection still open after " + DEADLINE + "; received " + hex(got.toByteArray()));
            } catch (SocketException e) {
                return got.toByteArray(); // reset by the endpoint: closed as well
            }
            if (n < 0) {
                return got.toByteArray();
            }
            got.write(buf, 0, n);
        }
    }

    /** Asserts the endpoint closes the connection without sending anything more. */
    void expectClosedSilently() throws IOException {
        assertThat(hex(awaitClose())).as("bytes before close").isEmpty();
    }

    /**
     * A ping/pong round trip: everything the endpoint sent before the pong has been read by then,
     * and since the endpoint handles one connection's frames in order, everything sent before the
     * ping has been processed. Fails if any other frame arrives first.
     */
    void sync(EndpointId self, EndpointId endpoint) throws IOException {
        byte[] token = ("sync-" + pings++).getBytes(StandardCharsets.US_ASCII);
        send(Envelope.of(self, endpoint, MessageType.PING, Topic.RESERVED, token));
        expect(Envelope.of(endpoint, self, MessageType.PONG, Topic.RESERVED, token)
                .frame());
    }

    private byte[] readExactly(int n, long deadline) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            setTimeout(deadline);
            int r;
            try {
                r = in.read(b, off, n - off);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no complete frame within the deadline; have " + off + " of " + n + " bytes");
            }
            if (r < 0) {
                throw new EOFException("connection closed after " + off + " of " + n + " bytes");
            }
            off += r;
        }
        return b;
    }

    private void setTimeout(long deadline) throws SocketException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new AssertionError("deadline passed");
        }
        socket.setSoTimeout((int) Math.max(1, left));
    }

    // ------------------------------------------------------------------ whole handshakes

    /**
     * Runs the handshake of wire-protocol spec §6 against the endpoint {@code remote} and returns
     * the filter the endpoint announced. {@code connector} tells which side opened the TCP
     * connection: the connector starts with hello, the acceptor with probe.
     */
    Filter handshake(EndpointId self, EndpointId remote, Filter own, boolean connector) throws IOException {
        if (connector) {
            send(Hello.of(self));
        } else {
            send(new Probe());
            expect(frame(Hello.of(remote)));
        }
        boolean originator = self.compareTo(remote) < 0;
        if (originator) {
            if (connector) {
                expect(frame(new Probe()));
                expect(frame(Hello.of(remote)));
            }
            send(frame(VersionSelect.of(self)), frame(new OriginatorSyn(own)));
            byte[] synAck = read();
            assertThat(synAck[4]).as("responder_syn_ack tag").isEqualTo((byte) 0x0b);
            send(new OriginatorAck());
            return decodeFilter(synAck);
        }
        if (connector) {
            expect(frame(new Probe()));
        } else {
            send(Hello.of(self));
        }
        expect(frame(VersionSelect.of(remote)));
        byte[] syn = read();
        assertThat(syn[4]).as("originator_syn tag").isEqualTo((byte) 0x0a);
        send(new ResponderSynAck(own));
        expect(frame(new OriginatorAck()));
        return decodeFilter(syn);
    }

    private static Filter decodeFilter(byte[] frame) {
        ByteBuf b = ALLOC.buffer(frame.length - 4).writeBytes(frame, 4, frame.length - 4);
        try {
            HandshakeMessage m = HandshakeCodec.decode(b);
            return m instanceof OriginatorSyn ? ((OriginatorSyn) m).filter() : ((ResponderSynAck) m).filter();
        } finally {
            b.release();
        }
    }

    /** Closes with a TCP reset (SO_LINGER 0) instead of a FIN, as a crashed or killed peer may. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
