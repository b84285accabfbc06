package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class HostPortTest {
    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:4000,127.0.0.1,4000",
        "127.0.0.1,127.0.0.1,9999",
        "zeek.example:0,zeek.example,0",
        "[::1]:47000,::1,47000",
        "[::1],::1,9999",
        "::1,::1,9999",
    })
    void hostWithOrWithoutPortDefaultsTo9999(String text, String host, int port) {
        HostPort hp = HostPort.parse(text);

        assertThat(hp.host()).isEqualTo(host);
        assertThat(hp.port()).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":9999", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:65536", "[::1", "[::1]x", "[]:1"})
    void malformedAddressesAreRejected(String text) {
        assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1:9999,127.0.0.1:9999", "[::1]:5,[::1]:5"})
    void printsInTheFormItParses(String text, String printed) {
        assertThat(HostPort.parse(text).toString()).isEqualTo(printed);
    }

    @ParameterizedTest
    @CsvSource({"5,PT5S", "200ms,PT0.2S", "2min,PT2M"})
    void durationsArePlainSecondsOrCarryAUnit(String text, String iso) {
        assertThat(new DurationConverter().convert(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-1", "5 fortnights"})
    void badDurationsAreConversionErrors(String text) {
        assertThatThrownBy(() -> new DurationConverter().convert(text))
                .isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
