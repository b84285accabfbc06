package io.jbroker.data;

/** Broker's {@code none} (nil): the absence of a value. A singleton. */
public final class NoneValue implements Data {
    /** The only instance. */
    public static final NoneValue INSTANCE = new NoneValue();

    private NoneValue() {}

    @Override
    public DataType type() {
        return DataType.NONE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoneValue;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "nil";
    }
}
