package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    @Test
    void lastLineWithoutNewlineIsReturnedAndNoEmptyLineFollowsATrailingNewline() throws IOException {
        assertThat(lines("a\nb", 100)).containsExactly("a", "b");
        assertThat(lines("a\nb\n", 100)).containsExactly("a", "b");
        assertThat(lines("", 100)).isEmpty();
        assertThat(lines("\n\n", 100)).containsExactly("", "");
    }

    @Test
    void overlongLineIsFlaggedAndTheNextLineIsIntact() throws IOException {
        assertThat(lines("abcdef\nxy\n", 4)).containsExactly("<overlong>", "xy");
        assertThat(lines("abcd\n", 4)).containsExactly("abcd");
    }

    @Test
    void linesSpanningManyReadBuffersAreJoined() throws IOException {
        String longLine = "x".repeat(200_000);

        assertThat(lines(longLine + "\ny", 1 << 20)).containsExactly(longLine, "y");
    }

    private static List<String> lines(String input, int max) throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), max);
        List<String> result = new ArrayList<>();
        while (reader.next()) {
            result.add(
                    reader.isOverlong()
                            ? "<overlong>"
                            : new String(reader.bytes(), 0, reader.length(), StandardCharsets.UTF_8));
        }
        return result;
    }
}
