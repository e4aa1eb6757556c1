package dev.driftgate.local.flink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The jars a standalone Flink process runs on (flink-dist's lib/, as Maven artifacts): written by the
 * flink-cluster-lib module's build into a resource, so the launcher never needs Flink on its own
 * classpath and the children never see driftgate or the connectors (those come in the job jar).
 */
public final class ClusterClasspath {
    static final String RESOURCE = "dev/driftgate/local/flink/cluster-classpath.txt";

    private ClusterClasspath() {
    }

    /** The classpath string for {@code java -cp}. */
    public static String load() {
        try (InputStream in = ClusterClasspath.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no Flink cluster classpath on the classpath (" + RESOURCE
                        + "); build the flink-cluster-lib module (mvn -pl flink-cluster-lib package)");
            }
            String cp = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            for (String jar : cp.split(java.io.File.pathSeparator)) {
                if (!java.nio.file.Files.exists(java.nio.file.Path.of(jar))) {
                    throw new IllegalStateException("Flink cluster jar missing: " + jar
                            + "; rebuild flink-cluster-lib (was ~/.m2 emptied?)");
                }
            }
            return cp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
