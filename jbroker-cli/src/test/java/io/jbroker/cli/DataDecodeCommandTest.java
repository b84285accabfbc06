package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.data.BinaryFormat;
import io.jbroker.data.DecodeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDecodeCommandTest {
    private static final CapturedValues CAPTURED = CapturedValues.load();

    @Test
    void capturedVectorsLoadWithExactlyTheOneCorruptLineSkipped() {
        assertThat(CAPTURED.skippedLines).isEqualTo(1);
        assertThat(CAPTURED.values).hasSize(230);
    }

    @Test
    void simpleCapturedValuesPrintBrokersTextTabAndJson() {
        List<CapturedValues.Value> values = List.of(CAPTURED.byId(0), CAPTURED.byId(1), CAPTURED.byId(5));

        CliRun run = CliRun.run(hexLines(values), "data", "decode");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.outText()).isEqualTo(new String(expectedOutput(values), StandardCharsets.UTF_8));
    }

    @Test
    void everyCapturedValuePrintsBrokersExactTextAndJsonBytes() {
        SoftAssertions softly = new SoftAssertions();
        for (CapturedValues.Value v : CAPTURED.values) {
            CliRun run = CliRun.run(v.binHex() + "\n", "data", "decode");

            softly.assertThat(run.err())
                    .as("stderr for id %d (%s)", v.id(), v.description())
                    .isEmpty();
            softly.assertThat(new String(run.out(), StandardCharsets.ISO_8859_1))
                    .as("id %d (%s), bytes shown as Latin-1", v.id(), v.description())
                    .isEqualTo(new String(expectedOutput(List.of(v)), StandardCharsets.ISO_8859_1));
        }
        softly.assertAll();
    }

    @Test
    void manyLinesInOneRunPrintOneResultEach() {
        CliRun run = CliRun.run(hexLines(CAPTURED.values), "data", "decode");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(expectedOutput(CAPTURED.values));
    }

    @Test
    void nonUtf8StringIsPrintedByteExact() {
        CapturedValues.Value latin1 = CAPTURED.byId(102);

        CliRun run = CliRun.run(latin1.binHex() + "\n", "data", "decode");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(expectedOutput(List.of(latin1)));
    }

    @Test
    void upperCaseHexSurroundingWhitespaceAndBlankLinesAreAccepted() {
        CapturedValues.Value count = CAPTURED.byId(5);
        String input = "  " + count.binHex().toUpperCase(Locale.ROOT) + " \r\n\n \t\n\t" + count.binHex();

        CliRun run = CliRun.run(input, "data", "decode");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(expectedOutput(List.of(count, count)));
    }

    @Test
    void badLinesReportOffsetAndReasonAndLaterLinesStillDecode() {
        CapturedValues.Value count = CAPTURED.byId(5);
        String truncated = count.binHex().substring(0, 6);
        String input =
                String.join("\n", count.binHex(), "02000000000000zz2a", truncated, "0f", "  020", count.binHex());

        CliRun run = CliRun.run(input, "data", "decode");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo(expectedOutput(List.of(count, count)));
        assertThat(run.err().lines())
                .containsExactly(
                        "line 2: error at offset 14: invalid hex digit 'z'",
                        "line 3: " + binaryError(truncated),
                        "line 4: " + binaryError("0f"),
                        "line 5: error at offset 4: odd number of hex digits");
    }

    @Test
    void truncatedValueAndUnknownTagReportTheDecodersOffset() {
        assertThat(binaryError("020000")).startsWith("error at offset 1: ");
        assertThat(binaryError("0f")).startsWith("error at offset 0: ");
    }

    @Test
    void inputFileIsReadInsteadOfStandardInput(@TempDir Path dir) throws Exception {
        CapturedValues.Value count = CAPTURED.byId(5);
        Path file = dir.resolve("values.hex");
        Files.writeString(file, count.binHex() + "\n");

        CliRun run = CliRun.run("not read", "data", "decode", "--input", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(expectedOutput(List.of(count)));
    }

    @Test
    void missingInputFileFailsWithOneLineMessage(@TempDir Path dir) {
        CliRun run = CliRun.run(
                "", "data", "decode", "--input", dir.resolve("absent").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("jbroker: no such file: ").doesNotContain("\tat ");
    }

    private static String hexLines(List<CapturedValues.Value> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach(v -> sb.append(v.binHex()).append('\n'));
        return sb.toString();
    }

    private static byte[] expectedOutput(List<CapturedValues.Value> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (CapturedValues.Value v : values) {
            out.writeBytes(v.decodedText());
            out.write('\t');
            out.writeBytes(v.decodedJson());
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** The error text for bad bin v1 bytes, taken from the core decoder itself. */
    private static String binaryError(String hex) {
        try {
            BinaryFormat.decode(HexFormat.of().parseHex(hex));
        } catch (DecodeException e) {
            return "error at offset " + e.offset() + ": " + e.reason();
        }
        throw new AssertionError("expected " + hex + " to be rejected");
    }
}
