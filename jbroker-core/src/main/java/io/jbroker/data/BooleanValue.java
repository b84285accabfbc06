package io.jbroker.data;

/** Broker's {@code boolean}. Two shared instances, {@link #TRUE} and {@link #FALSE}. */
public final class BooleanValue implements Data {
    public static final BooleanValue TRUE = new BooleanValue(true);
    public static final BooleanValue FALSE = new BooleanValue(false);

    private final boolean value;

    private BooleanValue(boolean value) {
        this.value = value;
    }

    public static BooleanValue of(boolean value) {
        return value ? TRUE : FALSE;
    }

    public boolean value() {
        return value;
    }

    @Override
    public DataType type() {
        return DataType.BOOLEAN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BooleanValue && ((BooleanValue) o).value == value;
    }

    @Override
    public int hashCode() {
        return value ? 1231 : 1237;
    }

    /** Broker's text form: {@code T} or {@code F}. */
    @Override
    public String toString() {
        return value ? "T" : "F";
    }
}
