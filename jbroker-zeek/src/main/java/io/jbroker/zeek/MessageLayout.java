package io.jbroker.zeek;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;
import io.jbroker.data.CountValue;
import io.jbroker.data.Data;
import io.jbroker.data.EnumValue;
import io.jbroker.data.VectorValue;

/**
 * The outer layout shared by all Zeek messages and Broker's validity rules, in one place:
 *
 * <pre>
 * vector[ 0: count format version (1), 1: count message type, 2: vector content, ...ignored ]
 * </pre>
 *
 * Checks return a reason string for invalid input and {@code null} for valid input, so that {@code
 * from} (empty result), {@code isValid} and {@code parse} (exception with the reason) share them.
 */
final class MessageLayout {
    static final int VERSION_INDEX = 0;
    static final int TYPE_INDEX = 1;
    static final int CONTENT_INDEX = 2;
    static final int TOP_LEVEL_FIELDS = 3;

    /**
     * Deepest batch nesting accepted. Values decoded from the wire cannot nest deeper (each level
     * takes two of {@link io.jbroker.data.BinaryFormat#MAX_NESTING_DEPTH}'s 1024 levels); the bound
     * keeps recursion safe for values built in memory.
     */
    static final int MAX_BATCH_NESTING = 512;

    private MessageLayout() {}

    /** Broker's classification: the type in element 1, or INVALID. */
    static MessageType typeOf(Data message) {
        if (!(message instanceof VectorValue)) {
            return MessageType.INVALID;
        }
        VectorValue outer = (VectorValue) message;
        if (outer.size() < TOP_LEVEL_FIELDS || !(outer.get(TYPE_INDEX) instanceof CountValue)) {
            return MessageType.INVALID;
        }
        return MessageType.fromCode(((CountValue) outer.get(TYPE_INDEX)).value());
    }

    /** Why {@code message}'s outer fields are not those of a {@code expected} message, or null. */
    static String outerProblem(Data message, MessageType expected) {
        if (!(message instanceof VectorValue)) {
            return "message is " + MessageLayout.typeName(message) + ", not a vector";
        }
        VectorValue outer = (VectorValue) message;
        if (outer.size() < TOP_LEVEL_FIELDS) {
            return "message has " + outer.size() + " elements, needs 3";
        }
        if (!isCount(outer.get(VERSION_INDEX), ZeekMessage.FORMAT_VERSION)) {
            return "format version is " + outer.get(VERSION_INDEX) + ", not count 1";
        }
        if (!isCount(outer.get(TYPE_INDEX), expected.code())) {
            return "message type is " + outer.get(TYPE_INDEX) + ", not count " + expected.code() + " (" + expected
                    + ")";
        }
        if (!(outer.get(CONTENT_INDEX) instanceof VectorValue)) {
            return "content is " + MessageLayout.typeName(outer.get(CONTENT_INDEX)) + ", not a vector";
        }
        return null;
    }

    /** Why {@code message} is not a valid message of a known type, or null. */
    static String problem(Data message, int batchDepth) {
        MessageType type = typeOf(message);
        if (type == MessageType.INVALID) {
            return "not a Zeek message of a known type";
        }
        String problem = outerProblem(message, type);
        if (problem != null) {
            return problem;
        }
        VectorValue content = content(message);
        switch (type) {
            case EVENT:
                return Event.contentProblem(content);
            case LOG_CREATE:
                return LogCreate.contentProblem(content);
            case LOG_WRITE:
                return LogWrite.contentProblem(content);
            case IDENTIFIER_UPDATE:
                return IdentifierUpdate.contentProblem(content);
            case BATCH:
                return Batch.contentProblem(content, batchDepth);
            default:
                throw new AssertionError(type);
        }
    }

    /** Why {@code message} is not a valid {@code expected} message, or null. */
    static String problem(Data message, MessageType expected) {
        String problem = outerProblem(message, expected);
        return problem != null ? problem : problem(message, 0);
    }

    /** The typed view of a message whose {@link #problem} is null. */
    static ZeekMessage read(Data message) {
        VectorValue content = content(message);
        switch (typeOf(message)) {
            case EVENT:
                return Event.read(content);
            case LOG_CREATE:
                return LogCreate.read(content);
            case LOG_WRITE:
                return LogWrite.read(content);
            case IDENTIFIER_UPDATE:
                return IdentifierUpdate.read(content);
            case BATCH:
                return Batch.read(content);
            default:
                throw new AssertionError(message);
        }
    }

    /** The content vector of a message whose outer fields are valid. */
    static VectorValue content(Data message) {
        return (VectorValue) ((VectorValue) message).get(CONTENT_INDEX);
    }

    /** {@code [count 1, count type, content]}. */
    static VectorValue wrap(MessageType type, VectorValue content) {
        return Data.vector(Data.count(ZeekMessage.FORMAT_VERSION), Data.count(type.code()), content);
    }

    /** The exception {@code parse} methods throw. */
    /**
     * The content of {@code message} if it is a valid message of type {@code expected}.
     *
     * @throws BrokerException with {@code INVALID_DATA} and the reason otherwise
     */
    static VectorValue validContent(Data message, MessageType expected) {
        String problem = problem(message, expected);
        if (problem != null) {
            throw invalid(expected, problem);
        }
        return content(message);
    }

    /** The problem with the stream and writer IDs that start log messages, or null. */
    static String logIdsProblem(VectorValue content) {
        if (!(content.get(0) instanceof EnumValue)) {
            return "stream id is " + typeName(content.get(0)) + ", not an enum value";
        }
        if (!(content.get(1) instanceof EnumValue)) {
            return "writer id is " + typeName(content.get(1)) + ", not an enum value";
        }
        return null;
    }

    static BrokerException invalid(MessageType expected, String problem) {
        return new BrokerException(ErrorCode.INVALID_DATA, "invalid Zeek " + expected + " message: " + problem);
    }

    /** Broker's name of {@code d}'s type, e.g. {@code enum-value}. */
    static String typeName(Data d) {
        return d.type().jsonName();
    }

    static boolean isCount(Data d, long value) {
        return d instanceof CountValue && ((CountValue) d).value() == value;
    }
}
