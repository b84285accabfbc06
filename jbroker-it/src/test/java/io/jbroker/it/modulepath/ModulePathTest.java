package io.jbroker.it.modulepath;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module boundary (issue #11): a child JVM loads jbroker-core, -endpoint, -zeek and -store and
 * their libraries from the <em>module path</em>, so their {@code module-info} descriptors are
 * resolved and enforced, and {@link ModulePathProbe} (on the class path) uses them through their
 * exported API only. Surefire runs every other test on the class path, where descriptors are not
 * checked; this one fails if a descriptor misses a {@code requires} or an exported package.
 */
class ModulePathTest {
    /** Our modules (directories or jars from the reactor) and the libraries they require. */
    private static final Pattern MODULE_PATH_ENTRY = Pattern.compile(".*("
            + "jbroker-(core|endpoint|zeek|store)[/\\\\]target[/\\\\]"
            + "|jbroker-(core|endpoint|zeek|store)-[0-9][^/\\\\]*\\.jar$"
            + "|[/\\\\](jackson-core|netty-(buffer|codec|common|handler|resolver|transport"
            + "|transport-classes-epoll|transport-native-unix-common)|bcprov-[a-z0-9]+|bctls-[a-z0-9]+"
            + "|bcutil-[a-z0-9]+|sqlite-jdbc)-[0-9][^/\\\\]*\\.jar$).*");

    @Test
    void publicApiWorksOnTheModulePathAndInternalsStayClosed() throws Exception {
        List<String> classPath =
                Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> modulePath = classPath.stream()
                .filter(e -> MODULE_PATH_ENTRY.matcher(e).matches())
                .filter(e -> !e.contains("test-classes") && !e.endsWith("-tests.jar"))
                .collect(Collectors.toList());
        assertThat(modulePath)
                .as("module path entries found on %s", classPath)
                .anyMatch(e -> e.contains("jbroker-store"))
                .anyMatch(e -> e.contains("netty-transport"));
        String probeClasses = Path.of(ModulePathProbe.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "--module-path",
                String.join(File.pathSeparator, modulePath),
                "--add-modules",
                "io.jbroker.store",
                "-cp",
                probeClasses,
                ModulePathProbe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .contains("module io.jbroker.core named=true")
                .contains("module io.jbroker.endpoint named=true")
                .contains("module io.jbroker.zeek named=true")
                .contains("module io.jbroker.store named=true")
                .contains("event Probe::hello")
                .contains("store 3")
                .contains("closed io.jbroker.internal.net exported=false")
                .contains("closed io.jbroker.zeek.internal.workload exported=false");
    }
}
