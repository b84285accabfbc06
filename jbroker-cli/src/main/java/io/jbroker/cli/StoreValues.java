package io.jbroker.cli;

import io.jbroker.BrokerException;
import io.jbroker.data.Data;
import io.jbroker.data.JsonFormat;
import io.jbroker.store.StoreEvent;
import picocli.CommandLine;

/**
 * The store commands' value syntax: an argument starting with {@code {} is a JSON v1 value, any
 * other is a Broker string; output is JSON v1. Also the one-line form of store events.
 */
final class StoreValues {
    private StoreValues() {}

    /** Converts a KEY or VALUE argument. */
    static final class Converter implements CommandLine.ITypeConverter<Data> {
        @Override
        public Data convert(String value) {
            return parse(value);
        }
    }

    static Data parse(String text) {
        if (!text.startsWith("{")) {
            return Data.string(text);
        }
        try {
            return JsonFormat.decode(text);
        } catch (BrokerException | IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("not a JSON v1 value: " + text + " (" + e.getMessage() + ")");
        }
    }

    static String json(Data d) {
        return JsonFormat.encodeToString(d);
    }

    /** {@code insert KEY VALUE}, {@code update KEY OLD NEW}, {@code erase KEY}, {@code expire KEY}. */
    static String eventLine(StoreEvent e) {
        if (e instanceof StoreEvent.Insert) {
            StoreEvent.Insert i = (StoreEvent.Insert) e;
            return "insert " + json(i.key()) + " " + json(i.value()) + expiry(i.expiry());
        }
        if (e instanceof StoreEvent.Update) {
            StoreEvent.Update u = (StoreEvent.Update) e;
            return "update " + json(u.key()) + " " + json(u.oldValue()) + " " + json(u.newValue()) + expiry(u.expiry());
        }
        if (e instanceof StoreEvent.Erase) {
            return "erase " + json(e.key());
        }
        return "expire " + json(e.key());
    }

    private static String expiry(java.util.OptionalLong nanos) {
        return nanos.isPresent() ? " expiry " + java.time.Duration.ofNanos(nanos.getAsLong()) : "";
    }
}
