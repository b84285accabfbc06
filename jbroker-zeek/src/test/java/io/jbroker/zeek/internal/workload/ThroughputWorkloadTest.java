package io.jbroker.zeek.internal.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.data.DataType;
import io.jbroker.data.SetValue;
import io.jbroker.data.TableValue;
import io.jbroker.data.TimestampValue;
import io.jbroker.data.VectorValue;
import io.jbroker.zeek.Event;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputWorkloadTest {
    private static final TimestampValue T = Data.timestampNanos(1_700_000_000_000_000_000L);

    private static ThroughputWorkload upstream() {
        return new ThroughputWorkload(ThroughputWorkload.UPSTREAM_SEED, () -> T);
    }

    private static List<Data> args(VectorValue event) {
        Event e = Event.from(event).orElseThrow();
        return e.args();
    }

    @Test
    void typeOneIsTheSmallEventByteForByte() {
        VectorValue e = upstream().event(1);

        // [1, 1, ["event_1", [42 (integer), "test"]]]
        assertThat(HexFormat.of().formatHex(BinaryFormat.encode(e)))
                .isEqualTo("0e03" + "020000000000000001" + "020000000000000001" + "0e02" + "05076576656e745f31" + "0e02"
                        + "03000000000000002a" + "050474657374");
    }

    @Test
    void typeTwoHasTheConnLogFieldsWithUpstreamsRandomStrings() {
        List<Data> a = args(upstream().event(2));

        assertThat(a).hasSize(18);
        assertThat(a.get(0)).isEqualTo(T);
        // minstd_rand seeded 31337, value % 62 per character: upstream's first strings.
        assertThat(a.get(1)).isEqualTo(Data.string("F4yBDpi1pC"));
        assertThat(a.get(2))
                .isEqualTo(Data.vector(
                        Data.address("1.2.3.4"),
                        Data.port(4567, io.jbroker.data.Protocol.TCP),
                        Data.address("3.4.5.6"),
                        Data.port(80, io.jbroker.data.Protocol.TCP)));
        assertThat(a.get(3)).isEqualTo(Data.enumValue("tcp"));
        assertThat(a.get(4)).isEqualTo(Data.string("fnSOlu6mCT"));
        assertThat(a.get(5)).isEqualTo(Data.timespanNanos(3_140_000_000L));
        assertThat(a.get(6)).isEqualTo(Data.count(1));
        assertThat(a.get(7)).isEqualTo(Data.count(2));
        assertThat(a.get(8)).isEqualTo(Data.string("AgD2i"));
        assertThat(a.get(9)).isEqualTo(Data.bool(true));
        assertThat(a.get(10)).isEqualTo(Data.bool(false));
        assertThat(a.get(11)).isEqualTo(Data.count(3));
        assertThat(a.get(12)).isEqualTo(Data.string("3La0OqJNRL"));
        assertThat(a.subList(13, 17)).containsExactly(Data.count(4), Data.count(5), Data.count(6), Data.count(7));
        assertThat(a.get(17)).isEqualTo(Data.set(Data.string("W1qjfRXb4t"), Data.string("DQiggiQmBR")));
    }

    @Test
    void countersKeepIncreasingAcrossEvents() {
        ThroughputWorkload w = upstream();
        w.event(2);

        assertThat(args(w.event(2)).get(6)).isEqualTo(Data.count(8));
    }

    @Test
    void typeThreeIsATableOfOneHundredKeysToSetsOfTen() {
        List<Data> a = args(upstream().event(3));

        assertThat(a).hasSize(2);
        assertThat(a.get(0)).isEqualTo(T);
        TableValue table = (TableValue) a.get(1);
        assertThat(table.size()).isEqualTo(100);
        for (Data key : table.keys()) {
            assertThat(key.type()).isEqualTo(DataType.STRING);
            assertThat(key.toString()).hasSize(15);
            SetValue values = (SetValue) table.get(key);
            assertThat(values.size()).isEqualTo(10);
        }
    }

    @Test
    void aBatchIsAVectorOfEvents() {
        VectorValue batch = upstream().batch(1, 3);

        assertThat(batch.size()).isEqualTo(3);
        for (Data e : batch) {
            assertThat(Event.from(e).orElseThrow().name()).isEqualTo("event_1");
        }
    }

    @Test
    void badTypesAndBatchSizesAreRejected() {
        ThroughputWorkload w = upstream();

        assertThatThrownBy(() -> w.event(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.batch(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
