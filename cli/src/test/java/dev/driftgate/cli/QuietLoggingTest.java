package dev.driftgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code driftgate eval --sim} in a child JVM, so logging starts up as it does for a user (through
 * {@link DriftgateCli#main}, not the in-process test configuration): the terminal shows no WARN line,
 * Flink's and the others' logs land in {@code $DRIFTGATE_HOME/logs/driftgate.log}, whose path is printed.
 */
class QuietLoggingTest {

    private static final Pattern WARN = Pattern.compile("\\bWARN\\b");

    @Test
    void evalPrintsNoWarnLinesAndLogsLibrariesToTheStateDirectory(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        Path repositoryRoot = Path.of("").toAbsolutePath().getParent(); // config/ and data/ live there
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                // the shipped configuration, not the logback-test.xml files of the modules' test classes
                "-Dlogback.configurationFile=" + Path.of("target", "classes", "logback.xml").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"),
                DriftgateCli.class.getName(),
                "eval", "--sim", "--limit", "5", "--out", dir.resolve("out").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repositoryRoot.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("DRIFTGATE_HOME", home.toString());
        Process child = builder.start();
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("eval finished").isTrue();

        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as("exit code; stderr:%n%s", err).isZero();
        assertThat(out).contains("completed");
        assertThat(warnLines(out)).as("WARN lines on stdout").isEmpty();
        assertThat(warnLines(err)).as("WARN lines on stderr").isEmpty();

        Path logFile = CliLogging.logFile(home).toAbsolutePath();
        assertThat(err).containsOnlyOnce("library logs go to " + logFile);
        assertThat(logFile).exists();
        String log = Files.readString(logFile, StandardCharsets.UTF_8);
        assertThat(log).contains("org.apache.flink.").contains("org.flywaydb.");
    }

    private static List<String> warnLines(String text) {
        return text.lines().filter(line -> WARN.matcher(line).find()).toList();
    }
}
