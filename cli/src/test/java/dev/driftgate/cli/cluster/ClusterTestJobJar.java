package dev.driftgate.cli.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The shaded job jar the cluster tests submit. flink-jobs builds it in its package phase, which the
 * reactor runs before cli's tests in {@code mvn verify} / {@code mvn -pl cli -am package}; a plain
 * {@code mvn test} never packages, so there the cluster tests are skipped with this reason.
 */
final class ClusterTestJobJar {
    private ClusterTestJobJar() {
    }

    static Path path() {
        Path jar = Path.of("../flink-jobs/target/driftgate-flink-job.jar").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(jar), "no " + jar + ": build with mvn package (not -DskipJobJar)");
        return jar;
    }
}
