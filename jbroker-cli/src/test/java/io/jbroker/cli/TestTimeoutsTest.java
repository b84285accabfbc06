package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/development.md promises a timeout on every test: this module's tests run with JUnit's
 * default timeout of 60 s, and every module that has tests configures a default timeout.
 */
class TestTimeoutsTest {
    private static final String TIMEOUT_KEY = "junit.jupiter.execution.timeout.default";

    @RegisterExtension
    static final ContextHolder CONTEXT = new ContextHolder();

    @Test
    void theseTestsRunWithTheDefaultTimeout() {
        assertThat(CONTEXT.context.getConfigurationParameter(TIMEOUT_KEY)).contains("60 s");
    }

    @Test
    void everyModuleWithTestsConfiguresTheDefaultTimeout() throws IOException {
        List<Path> modules;
        try (Stream<Path> dirs = Files.list(Path.of(".."))) {
            modules = dirs.filter(d -> Files.isDirectory(d.resolve("src/test")))
                    .sorted()
                    .toList();
        }

        assertThat(modules).as("modules with tests").hasSizeGreaterThanOrEqualTo(5);
        for (Path module : modules) {
            Path properties = module.resolve("src/test/resources/junit-platform.properties");
            assertThat(properties)
                    .as("%s has a junit-platform.properties", module)
                    .exists();
            assertThat(Files.readString(properties)).as("%s", properties).containsPattern(TIMEOUT_KEY + " = \\d+ s");
        }
    }

    /** Keeps the extension context, which reads JUnit's configuration parameters. */
    static final class ContextHolder implements org.junit.jupiter.api.extension.BeforeEachCallback {
        ExtensionContext context;

        @Override
        public void beforeEach(ExtensionContext context) {
            this.context = context;
        }
    }
}
