package io.jbroker.zeek;

import io.jbroker.data.Data;
import io.jbroker.data.RealValue;
import io.jbroker.data.StringValue;
import io.jbroker.data.TableValue;
import io.jbroker.data.VectorValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Zeek's writer info in a {@link LogCreate} (Zeek's {@code WriterInfo::ToBroker}, not defined by
 * Broker):
 *
 * <pre>
 * vector[ string path, real rotation_base, real rotation_interval, real network_time,
 *         table{string -&gt; string} config, string post_proc_func ("" if none) ]
 * </pre>
 *
 * Only strings that are valid UTF-8 are read, so a value read by {@link #from} converts back to the
 * same bytes.
 *
 * @param path the log path, e.g. {@code conn}
 * @param rotationBase the rotation base time in seconds
 * @param rotationInterval the rotation interval in seconds
 * @param networkTime Zeek's network time in seconds
 * @param config writer options, unmodifiable
 * @param postProcessor the post-processing function name, empty if none
 */
public record WriterInfo(
        String path,
        double rotationBase,
        double rotationInterval,
        double networkTime,
        Map<String, String> config,
        String postProcessor) {
    private static final int FIELDS = 6;

    public WriterInfo {
        Objects.requireNonNull(path, "path");
        config = Map.copyOf(config);
        Objects.requireNonNull(postProcessor, "postProcessor");
    }

    /** Zeek's layout of this writer info. */
    public VectorValue toData() {
        TableValue.Builder table = TableValue.builder();
        config.forEach((k, v) -> table.put(Data.string(k), Data.string(v)));
        return Data.vector(
                Data.string(path),
                Data.real(rotationBase),
                Data.real(rotationInterval),
                Data.real(networkTime),
                table.build(),
                Data.string(postProcessor));
    }

    /** The writer info in {@code data}, or empty if it is not in Zeek's layout. */
    public static Optional<WriterInfo> from(Data data) {
        if (!(data instanceof VectorValue) || ((VectorValue) data).size() != FIELDS) {
            return Optional.empty();
        }
        VectorValue v = (VectorValue) data;
        if (!isText(v.get(0))
                || !(v.get(1) instanceof RealValue)
                || !(v.get(2) instanceof RealValue)
                || !(v.get(3) instanceof RealValue)
                || !(v.get(4) instanceof TableValue)
                || !isText(v.get(5))) {
            return Optional.empty();
        }
        Map<String, String> config = new HashMap<>();
        for (Map.Entry<Data, Data> e : ((TableValue) v.get(4)).asMap().entrySet()) {
            if (!isText(e.getKey()) || !isText(e.getValue())) {
                return Optional.empty();
            }
            config.put(text(e.getKey()), text(e.getValue()));
        }
        return Optional.of(new WriterInfo(
                text(v.get(0)),
                ((RealValue) v.get(1)).value(),
                ((RealValue) v.get(2)).value(),
                ((RealValue) v.get(3)).value(),
                config,
                text(v.get(5))));
    }

    static boolean isText(Data d) {
        return d instanceof StringValue && ((StringValue) d).isValidUtf8();
    }

    static String text(Data d) {
        return ((StringValue) d).asString();
    }
}
