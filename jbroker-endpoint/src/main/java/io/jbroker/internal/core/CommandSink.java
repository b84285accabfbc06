package io.jbroker.internal.core;

import io.jbroker.Topic;
import io.jbroker.internal.wire.Envelope;

/**
 * Receives command envelopes (envelope type 2, data stores) on one topic that are broadcast or
 * addressed to this endpoint. Called on a network thread: implementations hand the envelope off
 * and return at once; an exception is contained by the router.
 */
public interface CommandSink {
    /** The exact topic this sink takes commands on. */
    Topic topic();

    void command(Envelope envelope);
}
