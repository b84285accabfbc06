package io.jbroker.internal.core;

import io.jbroker.BrokerException;
import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.MessageType;

/**
 * A well-formed envelope that a peer may not send: it claims this endpoint's reserved topic space
 * or another sender (the rules are in docs/endpoint.md, "What a peer may send"). Thrown by {@link
 * Router#receive} before anything is delivered or relayed; the transport reports it and keeps the
 * connection. Carries no stack trace, so a flood of them costs little.
 */
public final class RejectedEnvelopeException extends BrokerException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_TOPIC_CHARS = 100;

    private RejectedEnvelopeException(String reason) {
        super(ErrorCode.INVALID_MESSAGE, reason);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // expected under attack; the reason says everything
    }

    /**
     * Checks an envelope received from the direct peer {@code from} by the endpoint {@code self}.
     *
     * @throws RejectedEnvelopeException if the envelope breaks a rule
     */
    static void check(Envelope e, EndpointId from, EndpointId self) {
        EndpointId sender = e.sender();
        if (!sender.equals(from)) {
            if (sender.equals(self)) {
                throw reject(e, "carries this endpoint's own ID as sender");
            }
            if (sender.isNil()) {
                throw reject(e, "carries a nil sender");
            }
            throw reject(e, "claims sender " + sender + ", not the peer it came from");
        }
        Topic topic = e.topic();
        if (topic.isLocal()) {
            throw reject(e, "is on a local topic (local topics never come from the network)");
        }
        if (e.type() == MessageType.DATA && topic.isReserved()) {
            throw reject(e, "is on a reserved topic (only commands and control messages use <$>)");
        }
        if (e.type() == MessageType.COMMAND && !isStoreTopic(topic)) {
            throw reject(e, "is not on a store topic (<name>/<$>/data/master or .../clone)");
        }
    }

    private static RejectedEnvelopeException reject(Envelope e, String why) {
        String topic = e.topic().toString();
        if (topic.length() > MAX_TOPIC_CHARS) {
            topic = topic.substring(0, MAX_TOPIC_CHARS) + "...";
        }
        return new RejectedEnvelopeException("rejected " + e.type().name().toLowerCase(java.util.Locale.ROOT)
                + " envelope on " + topic + ": it " + why);
    }

    /** Whether {@code t} is {@code <name>/<$>/data/master} or {@code .../clone} (stores.md §1). */
    private static boolean isStoreTopic(Topic t) {
        String s = t.toString();
        return isStoreTopic(s, "<$>/data/master") || isStoreTopic(s, "<$>/data/clone");
    }

    private static boolean isStoreTopic(String topic, String suffix) {
        int at = topic.length() - suffix.length();
        return topic.endsWith(suffix) && (at == 0 || topic.charAt(at - 1) == '/');
    }
}
