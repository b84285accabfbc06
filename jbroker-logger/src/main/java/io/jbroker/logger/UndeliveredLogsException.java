package io.jbroker.logger;

import java.time.Duration;

/**
 * Thrown by {@link ZmqLogSender#close()} when batches were still queued for the logger when the
 * linger time ran out: they are lost. ZeroMQ does not say how many of the batches sent got through;
 * if no connection ever completed its handshake ({@link #handshakes()} is 0), none did.
 */
public final class UndeliveredLogsException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String url;
    private final long batchesSent;
    private final long handshakes;

    UndeliveredLogsException(String url, long batchesSent, long handshakes, Duration linger) {
        super("log batches still queued for " + url + " after the linger time of " + linger.toMillis()
                + " ms are lost ("
                + batchesSent + " batches sent, "
                + (handshakes == 0 ? "the logger was never reached: all of them" : handshakes + " connections made")
                + ")");
        this.url = url;
        this.batchesSent = batchesSent;
        this.handshakes = handshakes;
    }

    /** The logger's address. */
    public String url() {
        return url;
    }

    /** Batches the sender had sent in all. */
    public long batchesSent() {
        return batchesSent;
    }

    /** Connections to the logger that completed their handshake; 0 means nothing was delivered. */
    public long handshakes() {
        return handshakes;
    }

    /** Batches certainly lost: all of them if the logger was never reached, else unknown (-1). */
    public long batchesLost() {
        return handshakes == 0 ? batchesSent : -1;
    }
}
