package io.jbroker.data;

/** The 15 types of Broker's data model, with their binary tag and JSON {@code @data-type} name. */
public enum DataType {
    NONE("none"),
    BOOLEAN("boolean"),
    COUNT("count"),
    INTEGER("integer"),
    REAL("real"),
    STRING("string"),
    ADDRESS("address"),
    SUBNET("subnet"),
    PORT("port"),
    TIMESTAMP("timestamp"),
    TIMESPAN("timespan"),
    ENUM_VALUE("enum-value"),
    SET("set"),
    TABLE("table"),
    VECTOR("vector");

    private static final DataType[] BY_TAG = values();

    private final String jsonName;

    DataType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The type tag byte of format bin v1 (also the rank of the type in Broker's total order). */
    public int tag() {
        return ordinal();
    }

    /** The {@code @data-type} name of the JSON v1 encoding. */
    public String jsonName() {
        return jsonName;
    }

    /** The type for a tag byte, or {@code null} if the tag is not a Broker type. */
    public static DataType fromTag(int tag) {
        return tag >= 0 && tag < BY_TAG.length ? BY_TAG[tag] : null;
    }

    /** The type for a JSON {@code @data-type} name, or {@code null} if there is none. */
    public static DataType fromJsonName(String name) {
        for (DataType t : BY_TAG) {
            if (t.jsonName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
