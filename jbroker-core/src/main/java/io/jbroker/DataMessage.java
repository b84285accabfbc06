package io.jbroker;

import io.jbroker.data.Data;
import java.util.Objects;

/** A value published on a topic: what subscribers receive and what a data envelope carries. */
public record DataMessage(Topic topic, Data data) {
    public DataMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(data, "data");
    }

    public static DataMessage of(String topic, Data data) {
        return new DataMessage(Topic.of(topic), data);
    }

    /** {@code topic: value} in Broker's text form. */
    @Override
    public String toString() {
        return topic + ": " + data;
    }
}
