package io.jbroker.zeek;

import io.jbroker.data.Data;
import io.jbroker.data.VectorValue;
import java.util.Optional;

/**
 * A Zeek message carried as Broker data: {@code [count 1, count type, vector content]}, where the
 * content layout depends on the {@link MessageType}. The implementations are immutable typed views
 * that convert to and from {@link Data} exactly; they hold only the fields Zeek defines, so elements
 * that Broker tolerates beyond those (extra top-level or content elements) are dropped by {@link
 * #from} and absent from {@link #toData()}.
 *
 * <p>Validity follows Broker's {@code broker/zeek.hh} rules: the outer fields must be count 1, the
 * type as a count and a vector; each type adds its own content rules. Everything is thread-safe.
 */
public sealed interface ZeekMessage permits Event, LogCreate, LogWrite, IdentifierUpdate, Batch {
    /** The format version in element 0 of every message. */
    long FORMAT_VERSION = 1;

    /** This message's type (never {@link MessageType#INVALID}). */
    MessageType type();

    /** The message as Broker data, ready to publish. */
    VectorValue toData();

    /**
     * Broker's classification of {@code message}: {@link MessageType#INVALID} unless it is a vector
     * of at least 3 elements whose element 1 is a count from 1 to 5. Says nothing about validity.
     */
    static MessageType typeOf(Data message) {
        return MessageLayout.typeOf(message);
    }

    /** Whether {@code message} is a valid message of a known type (Broker's {@code valid()}). */
    static boolean isValid(Data message) {
        return MessageLayout.problem(message, 0) == null;
    }

    /** The typed view of {@code message}, or empty if it is not a valid message of a known type. */
    static Optional<ZeekMessage> from(Data message) {
        return isValid(message) ? Optional.of(MessageLayout.read(message)) : Optional.empty();
    }

    /**
     * The typed view of {@code message}.
     *
     * @throws io.jbroker.BrokerException with {@link io.jbroker.ErrorCode#INVALID_DATA} and the
     *     reason if it is not a valid message of a known type
     */
    static ZeekMessage parse(Data message) {
        String problem = MessageLayout.problem(message, 0);
        if (problem != null) {
            throw MessageLayout.invalid(typeOf(message), problem);
        }
        return MessageLayout.read(message);
    }
}
