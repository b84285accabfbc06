package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Data#from} converts plain Java values; Java integers never become counts. */
class DataFromTest {

    @Test
    void javaIntegersBecomeBrokerIntegers() {
        assertThat(Data.from(42)).isEqualTo(Data.integer(42)).isNotEqualTo(Data.count(42));
        assertThat(Data.from(42L)).isEqualTo(Data.integer(42));
        assertThat(Data.from((short) -3)).isEqualTo(Data.integer(-3));
        assertThat(Data.from((byte) 7)).isEqualTo(Data.integer(7));
        assertThat(Data.from(Long.MIN_VALUE)).isEqualTo(Data.integer(Long.MIN_VALUE));
    }

    @Test
    void scalarsConvert() throws Exception {
        assertThat(Data.from(null)).isEqualTo(Data.none());
        assertThat(Data.from(true)).isEqualTo(Data.bool(true));
        assertThat(Data.from(1.5)).isEqualTo(Data.real(1.5));
        assertThat(Data.from(1.5f)).isEqualTo(Data.real(1.5));
        assertThat(Data.from("hi")).isEqualTo(Data.string("hi"));
        assertThat(Data.from(new byte[] {(byte) 0xff})).isEqualTo(Data.string(new byte[] {(byte) 0xff}));
        assertThat(Data.from(InetAddress.getByName("10.0.0.1"))).isEqualTo(Data.address("10.0.0.1"));
        assertThat(Data.from(Instant.ofEpochSecond(1, 5))).isEqualTo(Data.timestampNanos(1_000_000_005L));
        assertThat(Data.from(Duration.ofMillis(3))).isEqualTo(Data.timespanNanos(3_000_000L));
        assertThat(Data.from(TimeUnit.SECONDS)).isEqualTo(Data.enumValue("SECONDS"));
        Data count = Data.count(7);
        assertThat(Data.from(count)).isSameAs(count);
    }

    @Test
    void collectionsConvertRecursively() {
        assertThat(Data.from(List.of(1, "a", List.of(2.5))))
                .isEqualTo(Data.vector(Data.integer(1), Data.string("a"), Data.vector(Data.real(2.5))));
        assertThat(Data.from(new LinkedHashSet<>(List.of(3, 1, 2))))
                .isEqualTo(Data.set(Data.integer(1), Data.integer(2), Data.integer(3)));
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("b", List.of());
        map.put("a", null);
        assertThat(Data.from(map))
                .isEqualTo(TableValue.builder()
                        .put(Data.string("a"), Data.none())
                        .put(Data.string("b"), Data.vector())
                        .build());
    }

    @Test
    void otherTypesAreRejected() {
        for (Object o : new Object[] {new Object(), 'c', BigInteger.ONE, new int[] {1}}) {
            assertThatThrownBy(() -> Data.from(o)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Data.from(List.of(new Object()))).isInstanceOf(IllegalArgumentException.class);
    }
}
