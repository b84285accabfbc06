package io.jbroker.zeek;

import io.jbroker.data.Data;
import io.jbroker.data.EnumValue;
import io.jbroker.data.VectorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Zeek log-stream creation (message type 2):
 *
 * <pre>
 * content = vector[ 0: enum_value stream id, 1: enum_value writer id, 2: writer info, 3: fields ]
 * </pre>
 *
 * Broker only requires at least 4 elements with two enum values; the writer info and field
 * descriptors are Zeek-private and kept as plain data. {@link WriterInfo} and {@link LogField} read
 * and write Zeek's own layout of them. Immutable.
 */
public final class LogCreate implements ZeekMessage {
    static final int MIN_FIELDS = 4;

    private final EnumValue streamId;
    private final EnumValue writerId;
    private final Data writerInfo;
    private final Data fieldsData;

    /** A log creation with writer info and field descriptors in any layout. */
    public LogCreate(EnumValue streamId, EnumValue writerId, Data writerInfo, Data fieldsData) {
        this.streamId = Objects.requireNonNull(streamId, "streamId");
        this.writerId = Objects.requireNonNull(writerId, "writerId");
        this.writerInfo = Objects.requireNonNull(writerInfo, "writerInfo");
        this.fieldsData = Objects.requireNonNull(fieldsData, "fieldsData");
    }

    /** A log creation in Zeek's layout of writer info and field descriptors. */
    public LogCreate(EnumValue streamId, EnumValue writerId, WriterInfo writerInfo, List<LogField> fields) {
        this(streamId, writerId, writerInfo.toData(), fieldsToData(fields));
    }

    private static VectorValue fieldsToData(List<LogField> fields) {
        List<Data> out = new ArrayList<>(fields.size());
        fields.forEach(f -> out.add(f.toData()));
        return Data.vector(out);
    }

    /** The stream, e.g. {@code Conn::LOG}. */
    public EnumValue streamId() {
        return streamId;
    }

    /** The writer, e.g. {@code Log::WRITER_ASCII}. */
    public EnumValue writerId() {
        return writerId;
    }

    /** The writer info as sent. */
    public Data writerInfo() {
        return writerInfo;
    }

    /** The field descriptors as sent. */
    public Data fieldsData() {
        return fieldsData;
    }

    /** The writer info read in Zeek's layout, or empty if it has another shape. */
    public Optional<WriterInfo> zeekWriterInfo() {
        return WriterInfo.from(writerInfo);
    }

    /** The field descriptors read in Zeek's layout, or empty if any has another shape. */
    public Optional<List<LogField>> zeekFields() {
        if (!(fieldsData instanceof VectorValue)) {
            return Optional.empty();
        }
        List<LogField> fields = new ArrayList<>();
        for (Data d : (VectorValue) fieldsData) {
            Optional<LogField> field = LogField.from(d);
            if (field.isEmpty()) {
                return Optional.empty();
            }
            fields.add(field.get());
        }
        return Optional.of(List.copyOf(fields));
    }

    @Override
    public MessageType type() {
        return MessageType.LOG_CREATE;
    }

    @Override
    public VectorValue toData() {
        return MessageLayout.wrap(MessageType.LOG_CREATE, Data.vector(streamId, writerId, writerInfo, fieldsData));
    }

    /** Whether {@code message} is a valid log creation. */
    public static boolean isValid(Data message) {
        return MessageLayout.problem(message, MessageType.LOG_CREATE) == null;
    }

    /** The view of {@code message}, or empty if it is not a valid log creation. */
    public static Optional<LogCreate> from(Data message) {
        return isValid(message) ? Optional.of(read(MessageLayout.content(message))) : Optional.empty();
    }

    /**
     * The view of {@code message}.
     *
     * @throws io.jbroker.BrokerException with {@code INVALID_DATA} and the reason if it is not a
     *     valid log creation
     */
    public static LogCreate parse(Data message) {
        return read(MessageLayout.validContent(message, MessageType.LOG_CREATE));
    }

    static String contentProblem(VectorValue content) {
        if (content.size() < MIN_FIELDS) {
            return "content has " + content.size() + " elements, needs at least 4";
        }
        return MessageLayout.logIdsProblem(content);
    }

    static LogCreate read(VectorValue content) {
        return new LogCreate((EnumValue) content.get(0), (EnumValue) content.get(1), content.get(2), content.get(3));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LogCreate)) {
            return false;
        }
        LogCreate c = (LogCreate) o;
        return streamId.equals(c.streamId)
                && writerId.equals(c.writerId)
                && writerInfo.equals(c.writerInfo)
                && fieldsData.equals(c.fieldsData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(streamId, writerId, writerInfo, fieldsData);
    }

    /** Broker's text form of {@link #toData()}. */
    @Override
    public String toString() {
        return toData().toString();
    }
}
