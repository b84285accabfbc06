package io.jbroker.data;

/**
 * The member names of the JSON v1 encoding (Zeek's WebSocket API) and its message type, written
 * once for every writer and reader of it. Compile-time constants: usable as {@code case} labels.
 */
public final class JsonNames {
    /** The member naming the message's kind. */
    public static final String TYPE = "type";
    /** The {@link #TYPE} of a data message. */
    public static final String DATA_MESSAGE = "data-message";
    /** The member holding a data message's topic. */
    public static final String TOPIC = "topic";
    /** The member of a value object naming its {@link DataType#jsonName()}. */
    public static final String DATA_TYPE = "@data-type";
    /** The member of a value object holding its value. */
    public static final String DATA = "data";
    /** The member of a table entry holding its key. */
    public static final String KEY = "key";
    /** The member of a table entry holding its value. */
    public static final String VALUE = "value";

    private JsonNames() {}
}
