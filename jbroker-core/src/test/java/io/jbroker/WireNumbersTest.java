package io.jbroker;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.data.DataType;
import io.jbroker.data.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Pins the wire number and name of every constant of {@link ErrorCode}, {@link DataType} and
 * {@link Protocol} to the tables of the spec digests (copies in src/test/resources/spec), so
 * reordering or inserting a constant cannot change what goes on the wire.
 */
class WireNumbersTest {
    static String spec(String name) throws IOException {
        try (InputStream in = WireNumbersTest.class.getResourceAsStream("/spec/" + name)) {
            assertThat(in).as("test resource /spec/%s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The text of {@code doc} from the heading starting with {@code from} to the next {@code ## }. */
    static String section(String doc, String from) {
        int start = doc.indexOf("\n" + from);
        assertThat(start).as("section %s", from).isNotNegative();
        int end = doc.indexOf("\n## ", start + 1);
        return end < 0 ? doc.substring(start) : doc.substring(start, end);
    }

    /** Table rows {@code | <number> | <name> | ...}, the name with or without backquotes. */
    static Map<Integer, String> table(String text, int nameColumn) {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length > nameColumn + 1 && cells[1].trim().matches("\\d+")) {
                out.put(
                        Integer.parseInt(cells[1].trim()),
                        cells[nameColumn + 1].trim().replace("`", ""));
            }
        }
        return out;
    }

    @Test
    void everyErrorCodeHasTheNumberAndNameOfTheSpec() throws IOException {
        Map<Integer, String> spec = table(section(spec("status-and-errors.md"), "## 1."), 1);
        assertThat(spec).hasSize(42).containsEntry(0, "none").containsEntry(41, "invalid_json");
        Map<Integer, String> ours = new LinkedHashMap<>();
        for (ErrorCode c : ErrorCode.values()) {
            ours.put(c.code(), c.brokerName());
            assertThat(ErrorCode.of(c.code())).contains(c);
        }
        assertThat(ours).isEqualTo(spec);
        assertThat(ErrorCode.of(42)).isEmpty();
        assertThat(ErrorCode.of(-1)).isEmpty();
    }

    @Test
    void receivedErrorCodesMapAsUpstreamDoes() {
        // Upstream accepts only codes below 41 in a received drop_conn (status-and-errors.md §1).
        assertThat(ErrorCode.fromWire(39)).isEqualTo(ErrorCode.REDUNDANT_CONNECTION);
        assertThat(ErrorCode.fromWire(40)).isEqualTo(ErrorCode.LOGIC_ERROR);
        assertThat(ErrorCode.fromWire(41)).isEqualTo(ErrorCode.UNSPECIFIED);
        assertThat(ErrorCode.fromWire(255)).isEqualTo(ErrorCode.UNSPECIFIED);
        assertThat(ErrorCode.fromWire(-1)).isEqualTo(ErrorCode.UNSPECIFIED);
    }

    @Test
    void everyDataTypeHasTheTagAndJsonNameOfTheSpec() throws IOException {
        String types = section(spec("data-format.md"), "## 1.");
        Map<Integer, String> jsonNames = table(types, 3);
        Map<Integer, String> typeNames = table(types, 1);
        assertThat(jsonNames).hasSize(15);
        Map<Integer, String> ours = new LinkedHashMap<>();
        for (DataType t : DataType.values()) {
            ours.put(t.tag(), t.jsonName());
            assertThat(DataType.fromTag(t.tag())).isEqualTo(t);
            assertThat(DataType.fromJsonName(t.jsonName())).isEqualTo(t);
            // "enum_value" for ENUM_VALUE, "vector (a.k.a. list)" for VECTOR
            assertThat(typeNames.get(t.tag())).startsWith(t.name().toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(ours).isEqualTo(jsonNames);
        assertThat(DataType.fromTag(15)).isNull();
        assertThat(DataType.fromTag(-1)).isNull();
    }

    @Test
    void everyProtocolHasTheNumberAndTextOfTheSpec() throws IOException {
        String doc = spec("data-format.md");
        Matcher row = Pattern.compile("protocol: (0 unknown \\(`\\?`\\), 1 tcp, 2 udp, 3 icmp)")
                .matcher(doc);
        assertThat(row.find()).as("the port row of data-format.md").isTrue();
        Map<Integer, String> spec = new LinkedHashMap<>();
        Matcher entry = Pattern.compile("(\\d) (\\w+)").matcher(row.group(1));
        while (entry.find()) {
            spec.put(Integer.parseInt(entry.group(1)), entry.group(2));
        }
        Map<Integer, String> ours = new LinkedHashMap<>();
        for (Protocol p : Protocol.values()) {
            ours.put(p.code(), p.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(Protocol.fromCode(p.code())).isEqualTo(p);
        }
        assertThat(ours).isEqualTo(spec);
        assertThat(Protocol.UNKNOWN.text()).isEqualTo("?");
        assertThat(Protocol.fromCode(4)).isNull();
    }
}
