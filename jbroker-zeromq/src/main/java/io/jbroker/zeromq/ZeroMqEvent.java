package io.jbroker.zeromq;

import io.jbroker.Topic;
import io.jbroker.data.Data;

/**
 * An event message as a {@link ZeroMqNode} received it, for {@link ZeroMqNode#onReceive}
 * listeners: topic, the sender's node id (frame 2), the format it came in and the decoded value.
 */
public record ZeroMqEvent(Topic topic, String sender, EventFormat format, Data data) {}
