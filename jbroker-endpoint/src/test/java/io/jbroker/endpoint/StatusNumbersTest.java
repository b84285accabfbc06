package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Pins the number and name of every {@link StatusCode} and {@link PeerStatus} constant to
 * status-and-errors.md (a copy in src/test/resources/spec), so reordering or inserting a constant
 * cannot change them.
 */
class StatusNumbersTest {
    private static String spec() throws IOException {
        try (InputStream in = StatusNumbersTest.class.getResourceAsStream("/spec/status-and-errors.md")) {
            assertThat(in).as("test resource /spec/status-and-errors.md").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String section(String doc, String from) {
        int start = doc.indexOf("\n" + from);
        assertThat(start).as("section %s", from).isNotNegative();
        int end = doc.indexOf("\n## ", start + 1);
        return end < 0 ? doc.substring(start) : doc.substring(start, end);
    }

    @Test
    void everyStatusCodeHasTheNumberAndNameOfTheSpecPlusJbrokersMessagesDropped() throws IOException {
        Map<Integer, String> spec = new LinkedHashMap<>();
        for (String line : section(spec(), "## 2.").split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length > 2 && cells[1].trim().matches("\\d+")) {
                spec.put(Integer.parseInt(cells[1].trim()), cells[2].trim().replace("`", ""));
            }
        }
        assertThat(spec).hasSize(6).containsEntry(0, "unspecified").containsEntry(5, "endpoint_unreachable");
        spec.put(6, "messages_dropped"); // jbroker's own, after upstream's
        Map<Integer, String> ours = new LinkedHashMap<>();
        for (StatusCode c : StatusCode.values()) {
            ours.put(c.code(), c.brokerName());
            assertThat(StatusCode.fromCode(c.code())).isEqualTo(c);
            assertThat(StatusCode.fromBrokerName(c.brokerName())).isEqualTo(c);
        }
        assertThat(ours).isEqualTo(spec);
        assertThat(StatusCode.fromCode(7)).isNull();
    }

    @Test
    void everyPeerStatusHasTheNumberAndNameOfTheSpec() throws IOException {
        Map<Integer, String> spec = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\d) `(\\w+)`").matcher(section(spec(), "## 6."));
        while (m.find()) {
            spec.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        assertThat(spec).hasSize(7);
        Map<Integer, String> ours = new LinkedHashMap<>();
        for (PeerStatus s : PeerStatus.values()) {
            ours.put(s.code(), s.brokerName());
            assertThat(PeerStatus.of(s.code())).contains(s);
        }
        assertThat(ours).isEqualTo(spec);
        assertThat(PeerStatus.of(7)).isEmpty();
    }
}
