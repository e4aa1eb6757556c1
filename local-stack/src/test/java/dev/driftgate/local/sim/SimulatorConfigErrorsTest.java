package dev.driftgate.local.sim;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad simulator config is invalid input (issue 18 item 13): a dataset path that does not exist is
 * a ConfigException, which the CLI maps to exit 1 (it was an IllegalArgumentException: exit 2 from
 * {@code eval --sim}); messages name the key, not Java classes; repeated keys are refused.
 */
class SimulatorConfigErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingDatasetIsAConfigErrorNamingTheKey() throws Exception {
        Path cfg = dir.resolve("simulator.yaml");
        Files.writeString(cfg, "dataset: data/eval/nope.jsonl\nmodels:\n  - name: sim-good\n    quality: 0.95\n");
        assertThatThrownBy(() -> LlmSimulator.fromConfig(cfg, dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("simulator.yaml: dataset: simulator dataset not found")
                .hasMessageContaining("nope.jsonl");
    }

    @Test
    void errorsNameTheKeyPathNotJavaClassesAndRefuseDuplicates() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "dataset: null\nmodels:\n  - name: wobbly\n    quality: 2\n");
        assertThatThrownBy(() -> SimulatorConfig.load(bad)).hasMessageContaining("at models[0]")
                .hasMessageNotContaining("java.util").hasMessageNotContaining("dev.driftgate");
        Path twice = dir.resolve("twice.yaml");
        Files.writeString(twice, "dataset: null\nmodels: []\nmodels:\n  - name: sim-good\n    quality: 0.95\n");
        assertThatThrownBy(() -> SimulatorConfig.load(twice)).hasMessageContaining("(line 3)")
                .hasMessageContaining("duplicate key 'models'");
    }
}
