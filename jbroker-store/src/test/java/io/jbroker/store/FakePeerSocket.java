package io.jbroker.store;

import io.jbroker.store.internal.CommandCodec;
import io.jbroker.store.internal.StoreCommand;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One end of a Broker peering played by a test over a real 127.0.0.1 socket: it writes captured
 * frames exactly as captured (4-byte length prefix included) and reads whole frames from the other
 * side on a thread of its own, so that a test can wait for the next frame with a timeout.
 */
final class FakePeerSocket implements AutoCloseable {
    private static final byte[] EOF = new byte[0];
    private static final int MAX_FRAME = 1 << 20;

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile IOException failure;

    FakePeerSocket(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        reader = new Thread(() -> read(in), "fake-peer-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(DataInputStream in) {
        try {
            while (true) {
                int len = in.readInt();
                if (len < 0 || len > MAX_FRAME) {
                    throw new IOException("frame length " + len);
                }
                byte[] frame = new byte[4 + len];
                frame[0] = (byte) (len >>> 24);
                frame[1] = (byte) (len >>> 16);
                frame[2] = (byte) (len >>> 8);
                frame[3] = (byte) len;
                in.readFully(frame, 4, len);
                frames.add(frame);
            }
        } catch (EOFException e) {
            // the other side closed
        } catch (IOException e) {
            failure = e;
        }
        frames.add(EOF);
    }

    /** Writes one captured frame (length prefix included) as it is. */
    void write(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    /**
     * The next frame (length prefix included) that is not timer-driven store traffic (a keepalive or
     * a cumulative ACK), unless {@code ack} asks for the next cumulative ACK; fails after {@code
     * millis} without one, or when the other side closed.
     */
    byte[] next(long millis, boolean ack) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            byte[] f = poll(deadline);
            if (f == null) {
                return null;
            }
            StoreCommand c = storeCommand(f);
            boolean timer = c instanceof StoreCommand.Keepalive || c instanceof StoreCommand.CumulativeAck;
            if (!timer || (ack && c instanceof StoreCommand.CumulativeAck)) {
                return f;
            }
        }
    }

    private byte[] poll(long deadline) throws InterruptedException, IOException {
        byte[] f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (f == EOF) {
            frames.add(EOF);
            throw new IOException("the other side closed the connection", failure);
        }
        return f;
    }

    /** Whether the other side closes the connection within {@code millis} (frames before are dropped). */
    boolean closedWithin(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            byte[] f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (f == null) {
                return false;
            }
            if (f == EOF) {
                frames.add(EOF);
                return true;
            }
        }
    }

    /** The store command a frame carries, or null (handshake messages, other envelopes). */
    static StoreCommand storeCommand(byte[] f) {
        if (f.length < 41 || f[36] != 2) {
            return null; // message type 2 is a command envelope
        }
        Capture.Frame frame = new Capture.Frame(-1, "envelope command", f);
        return CommandCodec.decode(frame.payload()).content();
    }

    static String hex(byte[] f) {
        return f == null ? "nothing" : HexFormat.of().formatHex(f);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
