package io.jbroker.spi;

/**
 * The source of a link's inbound messages, paused while a local subscriber it feeds is full and
 * resumed once that subscriber has drained to half (the same back-pressure a Broker peer's socket
 * gets). {@link #pause} runs under a queue lock on the delivering thread and must be quick;
 * {@link #resume} may run on any thread.
 */
public interface FlowControl {
    void pause();

    void resume();
}
