package dev.driftgate.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes's FlinkDeployments stay consistent with the job jar: each names an entry class
 * that exists with a public static main, in the jar the build writes (checked inside the jar when it
 * was built), and the checkpoint and restart settings a streaming job needs.
 */
class DeployManifestsTest {
    private static final Path DIR = Path.of("../deploy/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyFlinkDeploymentNamesARealEntryPointOfTheJobJar() throws Exception {
        List<JsonNode> deployments = manifests();
        assertThat(deployments).hasSize(2);
        Path jar = Path.of("../flink-jobs/target/driftgate-flink-job.jar");
        for (JsonNode d : deployments) {
            String name = d.path("metadata").path("name").asText();
            assertThat(d.path("apiVersion").asText()).as(name).isEqualTo("flink.apache.org/v1beta1");
            JsonNode job = d.path("spec").path("job");
            assertThat(job.path("jarURI").asText()).as(name)
                    .isEqualTo("local:///opt/flink/usrlib/" + ClusterJobs.DEFAULT_JOB_JAR.getFileName());
            String entry = job.path("entryClass").asText();
            assertThat(entry).as(name).isIn(ClusterJobs.EVAL_MAIN, ClusterJobs.SHADOW_MAIN);
            Method main = Class.forName(entry).getMethod("main", String[].class);
            assertThat(Modifier.isStatic(main.getModifiers())).as(entry).isTrue();
            if (Files.isRegularFile(jar)) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    assertThat(zip.getEntry(entry.replace('.', '/') + ".class")).as(entry + " in " + jar).isNotNull();
                }
            }
            assertThat(job.path("args").toString()).as(name).contains("\"--config\"");
        }
    }

    @Test
    void theStreamingJobCheckpointsRestartsAndUpgradesThroughASavepoint() throws Exception {
        JsonNode shadow = manifests().stream()
                .filter(d -> d.path("spec").path("job").path("entryClass").asText().equals(ClusterJobs.SHADOW_MAIN))
                .findFirst().orElseThrow();
        JsonNode conf = shadow.path("spec").path("flinkConfiguration");
        assertThat(conf.path("execution.checkpointing.dir").asText()).isNotBlank();
        assertThat(conf.path("restart-strategy.type").asText()).isEqualTo("fixed-delay");
        assertThat(conf.path("metrics.reporter.prom.factory.class").asText())
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(shadow.path("spec").path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
        // secrets reach the TaskManagers from a Kubernetes secret, never the job's arguments
        assertThat(shadow.path("spec").path("job").path("args").toString()).doesNotContainIgnoringCase("password");
    }

    private static List<JsonNode> manifests() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            List<JsonNode> out = new java.util.ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode doc = YAML.readTree(f.toFile());
                assertThat(doc.path("kind").asText()).as(f.toString()).isEqualTo("FlinkDeployment");
                out.add(doc);
            }
            return out;
        }
    }
}
