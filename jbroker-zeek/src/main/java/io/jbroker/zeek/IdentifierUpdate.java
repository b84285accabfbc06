package io.jbroker.zeek;

import io.jbroker.data.Data;
import io.jbroker.data.StringValue;
import io.jbroker.data.VectorValue;
import java.util.Objects;
import java.util.Optional;

/**
 * A new value for a Zeek global identifier (message type 4):
 *
 * <pre>
 * content = vector[ 0: string identifier name, 1: new value ]
 * </pre>
 *
 * Valid when the content has at least 2 elements and the name is a string. Immutable.
 */
public final class IdentifierUpdate implements ZeekMessage {
    static final int MIN_FIELDS = 2;

    private final StringValue name;
    private final Data value;

    private IdentifierUpdate(StringValue name, Data value) {
        this.name = name;
        this.value = Objects.requireNonNull(value, "value");
    }

    /** An update of {@code name}, e.g. {@code MyModule::my_option}, to {@code value}. */
    public IdentifierUpdate(String name, Data value) {
        this(Data.string(name), value);
    }

    /** The identifier name (bytes decoded as UTF-8). */
    public String name() {
        return name.asString();
    }

    /** The identifier name's exact bytes. */
    public StringValue rawName() {
        return name;
    }

    public Data value() {
        return value;
    }

    @Override
    public MessageType type() {
        return MessageType.IDENTIFIER_UPDATE;
    }

    @Override
    public VectorValue toData() {
        return MessageLayout.wrap(MessageType.IDENTIFIER_UPDATE, Data.vector(name, value));
    }

    /** Whether {@code message} is a valid identifier update. */
    public static boolean isValid(Data message) {
        return MessageLayout.problem(message, MessageType.IDENTIFIER_UPDATE) == null;
    }

    /** The view of {@code message}, or empty if it is not a valid identifier update. */
    public static Optional<IdentifierUpdate> from(Data message) {
        return isValid(message) ? Optional.of(read(MessageLayout.content(message))) : Optional.empty();
    }

    /**
     * The view of {@code message}.
     *
     * @throws io.jbroker.BrokerException with {@code INVALID_DATA} and the reason if it is not a
     *     valid identifier update
     */
    public static IdentifierUpdate parse(Data message) {
        return read(MessageLayout.validContent(message, MessageType.IDENTIFIER_UPDATE));
    }

    static String contentProblem(VectorValue content) {
        if (content.size() < MIN_FIELDS) {
            return "content has " + content.size() + " elements, needs at least 2";
        }
        if (!(content.get(0) instanceof StringValue)) {
            return "identifier name is " + MessageLayout.typeName(content.get(0)) + ", not a string";
        }
        return null;
    }

    static IdentifierUpdate read(VectorValue content) {
        return new IdentifierUpdate((StringValue) content.get(0), content.get(1));
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || (o instanceof IdentifierUpdate
                        && name.equals(((IdentifierUpdate) o).name)
                        && value.equals(((IdentifierUpdate) o).value));
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + value.hashCode();
    }

    /** Broker's text form of {@link #toData()}. */
    @Override
    public String toString() {
        return toData().toString();
    }
}
