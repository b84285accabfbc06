package io.jbroker.zeek;

import io.jbroker.data.Data;
import io.jbroker.data.VectorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch of Zeek messages (message type 5), each with its own outer layout:
 *
 * <pre>
 * vector[ count 1, count 5, vector[ message, message, ... ] ]
 * </pre>
 *
 * Zeek sends buffered log writes this way. As in Broker, a batch is valid only if every element is
 * a valid message of a known type; batches may nest (up to 512 levels here, deeper than any value
 * the binary decoder accepts) and may be empty. Immutable.
 */
public final class Batch implements ZeekMessage {
    private final List<ZeekMessage> messages;
    private final int nesting; // 1 for a batch without nested batches

    /**
     * A batch of these messages, in order.
     *
     * @throws IllegalArgumentException if batches nest more than 512 levels deep
     */
    public Batch(List<? extends ZeekMessage> messages) {
        this.messages = List.copyOf(messages);
        int deepest = 0;
        for (ZeekMessage m : this.messages) {
            if (m instanceof Batch) {
                deepest = Math.max(deepest, ((Batch) m).nesting);
            }
        }
        if (deepest >= MessageLayout.MAX_BATCH_NESTING) {
            throw new IllegalArgumentException("batches nest more than " + MessageLayout.MAX_BATCH_NESTING + " levels");
        }
        this.nesting = deepest + 1;
    }

    /** A batch of these messages, in order. */
    public static Batch of(ZeekMessage... messages) {
        return new Batch(List.of(messages));
    }

    /** The messages, unmodifiable. */
    public List<ZeekMessage> messages() {
        return messages;
    }

    public int size() {
        return messages.size();
    }

    @Override
    public MessageType type() {
        return MessageType.BATCH;
    }

    @Override
    public VectorValue toData() {
        List<Data> content = new ArrayList<>(messages.size());
        messages.forEach(m -> content.add(m.toData()));
        return MessageLayout.wrap(MessageType.BATCH, Data.vector(content));
    }

    /** Whether {@code message} is a valid batch. */
    public static boolean isValid(Data message) {
        return MessageLayout.problem(message, MessageType.BATCH) == null;
    }

    /** The view of {@code message}, or empty if it is not a valid batch. */
    public static Optional<Batch> from(Data message) {
        return isValid(message) ? Optional.of(read(MessageLayout.content(message))) : Optional.empty();
    }

    /**
     * The view of {@code message}.
     *
     * @throws io.jbroker.BrokerException with {@code INVALID_DATA} and the reason if it is not a
     *     valid batch
     */
    public static Batch parse(Data message) {
        return read(MessageLayout.validContent(message, MessageType.BATCH));
    }

    /** {@code depth} counts the batches around this content, 0 for the outermost. */
    static String contentProblem(VectorValue content, int depth) {
        if (depth >= MessageLayout.MAX_BATCH_NESTING) {
            return "batches nest more than " + MessageLayout.MAX_BATCH_NESTING + " levels";
        }
        for (int i = 0; i < content.size(); i++) {
            String problem = MessageLayout.problem(content.get(i), depth + 1);
            if (problem != null) {
                return "element " + i + ": " + problem;
            }
        }
        return null;
    }

    static Batch read(VectorValue content) {
        List<ZeekMessage> messages = new ArrayList<>(content.size());
        for (Data d : content) {
            messages.add(MessageLayout.read(d));
        }
        return new Batch(messages);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Batch && messages.equals(((Batch) o).messages));
    }

    @Override
    public int hashCode() {
        return Objects.hash(messages);
    }

    /** Broker's text form of {@link #toData()}. */
    @Override
    public String toString() {
        return toData().toString();
    }
}
