package io.jbroker.data;

/** The 15 types of Broker's data model, with their binary tag and JSON {@code @data-type} name. */
public enum DataType {
    NONE(0, "none"),
    BOOLEAN(1, "boolean"),
    COUNT(2, "count"),
    INTEGER(3, "integer"),
    REAL(4, "real"),
    STRING(5, "string"),
    ADDRESS(6, "address"),
    SUBNET(7, "subnet"),
    PORT(8, "port"),
    TIMESTAMP(9, "timestamp"),
    TIMESPAN(10, "timespan"),
    ENUM_VALUE(11, "enum-value"),
    SET(12, "set"),
    TABLE(13, "table"),
    VECTOR(14, "vector");

    private static final DataType[] BY_TAG = new DataType[15];

    static {
        for (DataType t : values()) {
            BY_TAG[t.tag] = t;
        }
    }

    private final int tag;
    private final String jsonName;

    DataType(int tag, String jsonName) {
        this.tag = tag;
        this.jsonName = jsonName;
    }

    /**
     * The type tag byte of format bin v1 (also the rank of the type in Broker's total order);
     * explicit, pinned to the spec by a test.
     */
    public int tag() {
        return tag;
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
