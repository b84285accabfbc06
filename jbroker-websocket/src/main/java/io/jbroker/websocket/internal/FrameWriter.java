package io.jbroker.websocket.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands frames from any thread to a channel's event loop in batches: frames queue here, one task
 * per batch writes them all and flushes once (instead of one task and one flush per frame).
 *
 * <p>Bounded: {@link #hasRoom()} is false while the channel is not writable or more than {@code
 * maxQueuedBytes} wait here; producers check it before {@link #write} and wait, and {@code onDrained}
 * runs on the event loop after each batch so that they look again. Frame order is kept; a frame
 * that must follow everything queued (a close frame) goes through {@link #writeLast}, as a write
 * made directly on the channel can overtake frames still queued here. Thread-safe.
 */
public final class FrameWriter {
    /** At most this many frames per task, so that reads and timers on the loop are not held up. */
    private static final int MAX_BATCH = 1024;

    private final Channel ch;
    private final long maxQueuedBytes;
    private final Runnable onDrained;
    private final ConcurrentLinkedQueue<WebSocketFrame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private final AtomicLong batchesWritten = new AtomicLong();
    private final ChannelFutureListener countWritten = f -> {
        if (f.isSuccess()) {
            batchesWritten.incrementAndGet();
        }
    };

    public FrameWriter(Channel ch, long maxQueuedBytes, Runnable onDrained) {
        this.ch = ch;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onDrained = onDrained;
    }

    /** Whether the channel is writable and this writer's queue is below its bound. */
    public boolean hasRoom() {
        return ch.isWritable() && queuedBytes.get() < maxQueuedBytes;
    }

    /**
     * Batches whose last frame reached the socket (the kernel took its bytes). Once the socket's
     * buffers are full this moves only while the peer reads: a sign of life of a client that is
     * busy receiving, whose pong waits behind the data sent before the ping.
     */
    public long batchesWritten() {
        return batchesWritten.get();
    }

    /** Queues a frame for the event loop (the bound is the caller's to check with {@link #hasRoom()}). */
    public void write(WebSocketFrame frame) {
        queuedBytes.addAndGet(frame.content().readableBytes());
        queue.add(frame);
        if (scheduled.compareAndSet(false, true)) {
            ch.eventLoop().execute(drain);
        }
    }

    /**
     * Writes {@code last} (a close frame) after every frame queued so far, also those a drain has not
     * taken yet or has put back for a later batch: a frame written directly on the channel could
     * otherwise overtake them. Any thread.
     *
     * @return completes when {@code last} is written
     */
    public ChannelFuture writeLast(WebSocketFrame last) {
        ChannelPromise written = ch.newPromise();
        ch.eventLoop().execute(() -> {
            while (!queue.isEmpty()) {
                drain();
            }
            ch.writeAndFlush(last, written);
        });
        return written;
    }

    private void drain() {
        long bytes = 0;
        int n = 0;
        WebSocketFrame f;
        while (n < MAX_BATCH && (f = queue.poll()) != null) {
            bytes += f.content().readableBytes();
            n++;
            if (n == MAX_BATCH || queue.isEmpty()) {
                ch.write(f).addListener(countWritten);
            } else {
                ch.write(f, ch.voidPromise());
            }
        }
        ch.flush();
        queuedBytes.addAndGet(-bytes);
        scheduled.set(false);
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            ch.eventLoop().execute(drain);
        }
        onDrained.run();
    }
}
