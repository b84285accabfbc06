package io.jbroker.cli;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.TextFormat;
import io.jbroker.endpoint.EndpointInfo;
import io.jbroker.endpoint.ErrorEvent;
import io.jbroker.endpoint.Status;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One-line text forms of what an endpoint delivers: {@code <topic>: <value>} for data (Broker's
 * text form), {@code status: peer_added <id> (<host>:<port>): handshake successful} for status
 * events and {@code error: peer_unavailable (<host>:<port>): ...} for error events.
 */
final class EventLines {
    private static final byte[] SEPARATOR = {':', ' '};

    private EventLines() {}

    static boolean isEvent(DataMessage m) {
        return m.topic().equals(Topic.STATUSES) || m.topic().equals(Topic.ERRORS);
    }

    /** A data message as {@code topic: value}, bytes unchanged. */
    static byte[][] message(DataMessage m) {
        return new byte[][] {m.topic().bytes(), SEPARATOR, TextFormat.toBytes(m.data())};
    }

    /** A status or error event; anything else on those topics in Broker's text form. */
    static String event(DataMessage m) {
        try {
            if (m.topic().equals(Topic.STATUSES)) {
                return "status: " + Status.fromData(m.data());
            }
            if (m.topic().equals(Topic.ERRORS)) {
                return error(ErrorEvent.fromData(m.data()));
            }
        } catch (IllegalArgumentException | ClassCastException e) {
            // Not in the expected layout: show it as it is.
        }
        return new String(TextFormat.toBytes(m.data()), StandardCharsets.UTF_8);
    }

    private static String error(ErrorEvent e) {
        StringBuilder sb = new StringBuilder("error: ").append(e.code().brokerName());
        Optional<EndpointInfo> ctx = e.context();
        if (ctx.isPresent()) {
            if (!ctx.get().node().isNil()) {
                sb.append(' ').append(ctx.get().node());
            }
            ctx.get().network().ifPresent(n -> sb.append(" (").append(n).append(')'));
        }
        return sb.append(": ").append(e.message()).toString();
    }
}
