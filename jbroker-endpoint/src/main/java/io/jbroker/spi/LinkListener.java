package io.jbroker.spi;

/** Callbacks from the hub to the transport owning a {@link Link}; both must be quick. */
public interface LinkListener {
    /**
     * Messages were queued for the link after it had found its queue empty ({@link
     * Link#armWakeup()}): wake the thread that drains it. Called on the publishing thread.
     */
    void wakeup();

    /**
     * The hub closed the link (the {@code disconnect} overflow policy, or the endpoint closing);
     * what it had queued is discarded and counted. The transport may attach a new link.
     */
    void closed(String reason);
}
