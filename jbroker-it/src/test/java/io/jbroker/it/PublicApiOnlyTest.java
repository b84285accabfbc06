package io.jbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The multi-process tests drive jbroker as a user would: through its public API only, never an
 * {@code io.jbroker.internal} class (issue #11).
 */
class PublicApiOnlyTest {
    private static final Pattern INTERNAL =
            Pattern.compile("^import\\s+(static\\s+)?io\\.jbroker\\.internal\\.", Pattern.MULTILINE);

    @Test
    void noTestSourceImportsAnInternalPackage() throws IOException {
        Path sources = Path.of("src", "test", "java");
        assertThat(sources).as("test sources (run from the module directory)").isDirectory();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> INTERNAL.matcher(read(p)).find())
                    .map(Path::toString)
                    .collect(Collectors.toList());
        }
        assertThat(offenders).isEmpty();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
