package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.data.DecodeException;
import io.jbroker.data.JsonFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DataEncodeCommandTest {
    private static final CapturedValues CAPTURED = CapturedValues.load();

    @Test
    void simpleJsonValuesEncodeToCapturedHex() {
        List<CapturedValues.Value> values = List.of(CAPTURED.byId(0), CAPTURED.byId(1), CAPTURED.byId(5));

        CliRun run = CliRun.run(jsonLines(values), "data", "encode");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.outText()).isEqualTo(hexLines(values));
    }

    @Test
    void everyCapturedJsonThatBrokerDecodesUnchangedEncodesToTheCapturedBytes() {
        List<CapturedValues.Value> values =
                CAPTURED.values.stream().filter(v -> v.roundTripJson() != null).collect(Collectors.toList());
        assertThat(values).hasSizeGreaterThan(150);

        CliRun run = CliRun.run(jsonLines(values), "data", "encode");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.outText()).isEqualTo(hexLines(values));
    }

    @Test
    void badLinesReportOffsetWithinTheLineAndLaterLinesStillEncode() {
        CapturedValues.Value count = CAPTURED.byId(5);
        String unknownType = "{\"@data-type\":\"bogus\",\"data\":1}";
        String notJson = "   {\"@data-type\":";
        String input = String.join("\n", count.roundTripJson(), unknownType, notJson, "", count.roundTripJson());

        CliRun run = CliRun.run(input, "data", "encode");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outText()).isEqualTo(hexLines(List.of(count, count)));
        assertThat(run.err())
                .isEqualTo("line 2: " + jsonError(unknownType, 0) + "\nline 3: " + jsonError(notJson.trim(), 3) + "\n");
    }

    @Test
    void jsonSyntaxErrorsDoNotMentionTheParsersSettings() {
        CliRun run = CliRun.run("[1,2\n{\"a\": [1\n", "data", "encode");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .doesNotContain("Source:", "REDACTED", "StreamReadFeature")
                .isEqualTo("line 1: error at offset 4: Unexpected end-of-input: expected close marker for Array"
                        + " (start marker at line: 1, column: 1)\n"
                        + "line 2: error at offset 8: Unexpected end-of-input: expected close marker for Array"
                        + " (start marker at line: 1, column: 7)\n");
    }

    private static String jsonLines(List<CapturedValues.Value> values) {
        return values.stream()
                .map(CapturedValues.Value::roundTripJson)
                .map(Objects::requireNonNull)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String hexLines(List<CapturedValues.Value> values) {
        return values.stream().map(CapturedValues.Value::binHex).collect(Collectors.joining("\n", "", "\n"));
    }

    /** The error text for bad JSON, from the core decoder, shifted by leading whitespace. */
    private static String jsonError(String json, int indent) {
        try {
            JsonFormat.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (DecodeException e) {
            return "error at offset " + (e.offset() + indent) + ": " + e.reason();
        }
        throw new AssertionError("expected " + json + " to be rejected");
    }
}
