package io.jbroker.zeek;

import io.jbroker.data.CountValue;
import io.jbroker.data.Data;
import io.jbroker.data.StringValue;
import io.jbroker.data.TimestampValue;
import io.jbroker.data.VectorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Zeek event (message type 1):
 *
 * <pre>
 * content = vector[ 0: string name, 1: vector arguments, 2: vector metadata (optional) ]
 * metadata = vector[ vector[count key, value], ... ]
 * </pre>
 *
 * Valid as in Broker's {@code Event::valid}: the content has at least 2 elements, a string name
 * and an argument vector; a metadata element, if present, is a vector of 2-element vectors with a
 * count key, and key 1 holds a timestamp. An event without metadata (2-element content), one with
 * an empty metadata vector (what Zeek 8 sends without network timestamps) and one with entries are
 * three different values on the wire, and this view keeps them apart. Immutable.
 */
public final class Event implements ZeekMessage {
    static final int NAME_INDEX = 0;
    static final int ARGS_INDEX = 1;
    static final int METADATA_INDEX = 2;
    static final int MIN_FIELDS = 2;

    private final StringValue name;
    private final VectorValue args;
    private final List<MetadataEntry> metadata; // null when the element is absent

    private Event(StringValue name, VectorValue args, List<MetadataEntry> metadata) {
        this.name = Objects.requireNonNull(name, "name");
        this.args = args;
        this.metadata = metadata == null ? null : List.copyOf(metadata);
    }

    /** An event without a metadata element (2-element content, as Broker's own constructor). */
    public Event(String name, List<? extends Data> args) {
        this(Data.string(name), VectorValue.of(args), null);
    }

    /** An event with exactly this metadata list, which may be empty. */
    public Event(String name, List<? extends Data> args, List<MetadataEntry> metadata) {
        this(Data.string(name), VectorValue.of(args), Objects.requireNonNull(metadata, "metadata"));
    }

    /** An event whose metadata is the network timestamp alone ({@code [[1, timestamp]]}). */
    public Event(String name, List<? extends Data> args, TimestampValue networkTimestamp) {
        this(name, args, List.of(MetadataEntry.networkTimestamp(networkTimestamp)));
    }

    /** An event without metadata. */
    public static Event of(String name, Data... args) {
        return new Event(name, List.of(args));
    }

    /** The event name (bytes decoded as UTF-8). */
    public String name() {
        return name.asString();
    }

    /** The event name's exact bytes. */
    public StringValue rawName() {
        return name;
    }

    /** The arguments, unmodifiable. */
    public List<Data> args() {
        return args.asList();
    }

    /** Whether the metadata element is present (possibly empty). */
    public boolean hasMetadata() {
        return metadata != null;
    }

    /** The metadata entries, or empty if the event has no metadata element. */
    public Optional<List<MetadataEntry>> metadata() {
        return Optional.ofNullable(metadata);
    }

    /** The value of the first metadata entry with {@code key}. */
    public Optional<Data> metadataValue(long key) {
        if (metadata != null) {
            for (MetadataEntry e : metadata) {
                if (e.key() == key) {
                    return Optional.of(e.value());
                }
            }
        }
        return Optional.empty();
    }

    /** The network timestamp (metadata key 1), if present. */
    public Optional<TimestampValue> networkTimestamp() {
        return metadataValue(MetadataEntry.NETWORK_TIMESTAMP).map(TimestampValue.class::cast);
    }

    @Override
    public MessageType type() {
        return MessageType.EVENT;
    }

    @Override
    public VectorValue toData() {
        VectorValue content;
        if (metadata == null) {
            content = Data.vector(name, args);
        } else {
            List<Data> entries = new ArrayList<>(metadata.size());
            metadata.forEach(e -> entries.add(e.toData()));
            content = Data.vector(name, args, Data.vector(entries));
        }
        return MessageLayout.wrap(MessageType.EVENT, content);
    }

    /** Whether {@code message} is a valid event. */
    public static boolean isValid(Data message) {
        return MessageLayout.problem(message, MessageType.EVENT) == null;
    }

    /** The event view of {@code message}, or empty if it is not a valid event. */
    public static Optional<Event> from(Data message) {
        return isValid(message) ? Optional.of(read(MessageLayout.content(message))) : Optional.empty();
    }

    /**
     * The event view of {@code message}.
     *
     * @throws io.jbroker.BrokerException with {@code INVALID_DATA} and the reason if it is not a
     *     valid event
     */
    public static Event parse(Data message) {
        return read(MessageLayout.validContent(message, MessageType.EVENT));
    }

    static String contentProblem(VectorValue content) {
        if (content.size() < MIN_FIELDS) {
            return "content has " + content.size() + " elements, needs at least 2";
        }
        if (!(content.get(NAME_INDEX) instanceof StringValue)) {
            return "name is " + MessageLayout.typeName(content.get(NAME_INDEX)) + ", not a string";
        }
        if (!(content.get(ARGS_INDEX) instanceof VectorValue)) {
            return "arguments are " + MessageLayout.typeName(content.get(ARGS_INDEX)) + ", not a vector";
        }
        if (content.size() <= METADATA_INDEX) {
            return null;
        }
        if (!(content.get(METADATA_INDEX) instanceof VectorValue)) {
            return "metadata is " + MessageLayout.typeName(content.get(METADATA_INDEX)) + ", not a vector";
        }
        VectorValue entries = (VectorValue) content.get(METADATA_INDEX);
        for (int i = 0; i < entries.size(); i++) {
            String problem = entryProblem(entries.get(i));
            if (problem != null) {
                return "metadata entry " + i + " " + problem;
            }
        }
        return null;
    }

    private static String entryProblem(Data entry) {
        if (!(entry instanceof VectorValue) || ((VectorValue) entry).size() != 2) {
            return "is not a 2-element vector";
        }
        VectorValue kv = (VectorValue) entry;
        if (!(kv.get(0) instanceof CountValue)) {
            return "has a key of type " + MessageLayout.typeName(kv.get(0)) + ", not a count";
        }
        if (((CountValue) kv.get(0)).value() == MetadataEntry.NETWORK_TIMESTAMP
                && !(kv.get(1) instanceof TimestampValue)) {
            return "(network timestamp) holds " + MessageLayout.typeName(kv.get(1)) + ", not a timestamp";
        }
        return null;
    }

    /** The view of content whose {@link #contentProblem} is null. */
    static Event read(VectorValue content) {
        List<MetadataEntry> metadata = null;
        if (content.size() > METADATA_INDEX) {
            VectorValue entries = (VectorValue) content.get(METADATA_INDEX);
            metadata = new ArrayList<>(entries.size());
            for (Data entry : entries) {
                VectorValue kv = (VectorValue) entry;
                metadata.add(new MetadataEntry(((CountValue) kv.get(0)).value(), kv.get(1)));
            }
        }
        return new Event((StringValue) content.get(NAME_INDEX), (VectorValue) content.get(ARGS_INDEX), metadata);
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || (o instanceof Event
                        && name.equals(((Event) o).name)
                        && args.equals(((Event) o).args)
                        && Objects.equals(metadata, ((Event) o).metadata));
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, args, metadata);
    }

    /** Broker's text form of {@link #toData()}. */
    @Override
    public String toString() {
        return toData().toString();
    }
}
