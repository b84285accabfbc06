package io.jbroker.zeek.log;

/**
 * Zeek's type tags ({@code src/Type.h}) as they appear in log schemas and log values, with the names
 * Zeek's ASCII writer prints in its {@code #types} header.
 */
public enum ZeekType {
    VOID(0, "void"),
    BOOL(1, "bool"),
    INT(2, "int"),
    COUNT(3, "count"),
    DOUBLE(4, "double"),
    TIME(5, "time"),
    INTERVAL(6, "interval"),
    STRING(7, "string"),
    PATTERN(8, "pattern"),
    ENUM(9, "enum"),
    PORT(10, "port"),
    ADDR(11, "addr"),
    SUBNET(12, "subnet"),
    ANY(13, "any"),
    TABLE(14, "table"),
    RECORD(15, "record"),
    LIST(16, "types"),
    FUNC(17, "func"),
    FILE(18, "file"),
    VECTOR(19, "vector"),
    OPAQUE(20, "opaque"),
    TYPE(21, "type"),
    ERROR(22, "error");

    private static final ZeekType[] BY_TAG = values();

    private final int tag;
    private final String zeekName;

    ZeekType(int tag, String zeekName) {
        this.tag = tag;
        this.zeekName = zeekName;
    }

    /** The numeric tag on the wire. */
    public int tag() {
        return tag;
    }

    /** Zeek's {@code type_name}, e.g. {@code count}. */
    public String zeekName() {
        return zeekName;
    }

    /** The type with {@code tag}, or null if Zeek has none. */
    public static ZeekType ofTag(long tag) {
        return tag >= 0 && tag < BY_TAG.length ? BY_TAG[(int) tag] : null;
    }

    /** Zeek's name of a type tag, {@code <tag>} for unknown tags. */
    public static String nameOf(long tag) {
        ZeekType t = ofTag(tag);
        return t == null ? "<" + tag + ">" : t.zeekName;
    }

    /** Whether a present value of this type can travel in a log record. */
    public boolean isLoggable() {
        switch (this) {
            case BOOL:
            case INT:
            case COUNT:
            case DOUBLE:
            case TIME:
            case INTERVAL:
            case STRING:
            case ENUM:
            case PORT:
            case ADDR:
            case SUBNET:
            case TABLE:
            case FUNC:
            case FILE:
            case VECTOR:
                return true;
            default:
                return false;
        }
    }
}
