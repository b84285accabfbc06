package io.jbroker.zeek;

import io.jbroker.data.EnumValue;
import java.util.Optional;

/** Zeek's {@code TableChange} enum, as carried by {@link TableChange}: the enum value's name on the wire. */
public enum TableChangeKind {
    /** An index was added ({@code TABLE_ELEMENT_NEW}). */
    NEW("TABLE_ELEMENT_NEW"),
    /** An existing index got a new value ({@code TABLE_ELEMENT_CHANGED}). */
    CHANGED("TABLE_ELEMENT_CHANGED"),
    /** An index was deleted ({@code TABLE_ELEMENT_REMOVED}). */
    REMOVED("TABLE_ELEMENT_REMOVED"),
    /** An index expired ({@code TABLE_ELEMENT_EXPIRED}). */
    EXPIRED("TABLE_ELEMENT_EXPIRED");

    private final String zeekName;

    TableChangeKind(String zeekName) {
        this.zeekName = zeekName;
    }

    /** The Zeek enum name, e.g. {@code TABLE_ELEMENT_NEW}. */
    public String zeekName() {
        return zeekName;
    }

    /** The Broker enum value Zeek sends for this kind. */
    public EnumValue toData() {
        return EnumValue.of(zeekName);
    }

    /** The kind named {@code zeekName}, or empty if Zeek has no such {@code TableChange}. */
    public static Optional<TableChangeKind> fromZeekName(String zeekName) {
        for (TableChangeKind k : values()) {
            if (k.zeekName.equals(zeekName)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** Whether the change leaves the index absent from the table. */
    public boolean removes() {
        return this == REMOVED || this == EXPIRED;
    }
}
