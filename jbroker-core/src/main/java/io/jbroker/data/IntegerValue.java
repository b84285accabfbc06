package io.jbroker.data;

/** Broker's {@code integer}: a signed 64-bit integer. */
public record IntegerValue(long value) implements Data {
    public static IntegerValue of(long value) {
        return new IntegerValue(value);
    }

    @Override
    public DataType type() {
        return DataType.INTEGER;
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
