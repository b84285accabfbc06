package io.jbroker.zeek;

import io.jbroker.data.Data;
import io.jbroker.data.EnumValue;
import io.jbroker.data.StringValue;
import io.jbroker.data.VectorValue;
import java.util.Objects;
import java.util.Optional;

/**
 * A Zeek log write (message type 3):
 *
 * <pre>
 * content = vector[ 0: enum_value stream id, 1: enum_value writer id, 2: string path,
 *                   3: string serialized record ]
 * </pre>
 *
 * The record is binary data in Zeek's own serialization inside a Broker string; it is kept as raw
 * bytes. Zeek usually sends log writes inside a {@link Batch}. Immutable.
 */
public final class LogWrite implements ZeekMessage {
    static final int MIN_FIELDS = 4;

    private final EnumValue streamId;
    private final EnumValue writerId;
    private final StringValue path;
    private final StringValue record;

    private LogWrite(EnumValue streamId, EnumValue writerId, StringValue path, StringValue record) {
        this.streamId = Objects.requireNonNull(streamId, "streamId");
        this.writerId = Objects.requireNonNull(writerId, "writerId");
        this.path = path;
        this.record = record;
    }

    /** A log write of {@code record}, Zeek's serialization of one log record (copied). */
    public LogWrite(EnumValue streamId, EnumValue writerId, String path, byte[] record) {
        this(streamId, writerId, Data.string(path), Data.string(record));
    }

    public EnumValue streamId() {
        return streamId;
    }

    public EnumValue writerId() {
        return writerId;
    }

    /** The log path (bytes decoded as UTF-8). */
    public String path() {
        return path.asString();
    }

    /** The log path's exact bytes. */
    public StringValue rawPath() {
        return path;
    }

    /** A copy of the serialized record bytes. */
    public byte[] record() {
        return record.bytes();
    }

    /** The serialized record as the Broker string it travels in. */
    public StringValue rawRecord() {
        return record;
    }

    @Override
    public MessageType type() {
        return MessageType.LOG_WRITE;
    }

    @Override
    public VectorValue toData() {
        return MessageLayout.wrap(MessageType.LOG_WRITE, Data.vector(streamId, writerId, path, record));
    }

    /** Whether {@code message} is a valid log write. */
    public static boolean isValid(Data message) {
        return MessageLayout.problem(message, MessageType.LOG_WRITE) == null;
    }

    /** The view of {@code message}, or empty if it is not a valid log write. */
    public static Optional<LogWrite> from(Data message) {
        return isValid(message) ? Optional.of(read(MessageLayout.content(message))) : Optional.empty();
    }

    /**
     * The view of {@code message}.
     *
     * @throws io.jbroker.BrokerException with {@code INVALID_DATA} and the reason if it is not a
     *     valid log write
     */
    public static LogWrite parse(Data message) {
        return read(MessageLayout.validContent(message, MessageType.LOG_WRITE));
    }

    static String contentProblem(VectorValue content) {
        if (content.size() < MIN_FIELDS) {
            return "content has " + content.size() + " elements, needs at least 4";
        }
        String ids = MessageLayout.logIdsProblem(content);
        if (ids != null) {
            return ids;
        }
        if (!(content.get(2) instanceof StringValue)) {
            return "path is " + MessageLayout.typeName(content.get(2)) + ", not a string";
        }
        if (!(content.get(3) instanceof StringValue)) {
            return "serialized record is " + MessageLayout.typeName(content.get(3)) + ", not a string";
        }
        return null;
    }

    static LogWrite read(VectorValue content) {
        return new LogWrite(
                (EnumValue) content.get(0), (EnumValue) content.get(1), (StringValue) content.get(2), (StringValue)
                        content.get(3));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LogWrite)) {
            return false;
        }
        LogWrite w = (LogWrite) o;
        return streamId.equals(w.streamId)
                && writerId.equals(w.writerId)
                && path.equals(w.path)
                && record.equals(w.record);
    }

    @Override
    public int hashCode() {
        return Objects.hash(streamId, writerId, path, record);
    }

    /** Broker's text form of {@link #toData()}. */
    @Override
    public String toString() {
        return toData().toString();
    }
}
