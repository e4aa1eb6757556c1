package dev.driftgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    @Test
    void loadsTheProjectConfig() {
        DriftgateConfig config = new ConfigLoader().load(Path.of("..", "config"));
        assertThat(config.dataset().categories()).containsOnlyKeys(
                "factual_qa", "reasoning", "summarization", "instruction_following", "safety");
        assertThat(config.scorer().thresholds().overall()).isEqualTo(0.80);
        assertThat(config.scorer().metricWeights().rougeL()).isEqualTo(0.20);
        assertThat(config.shadow().shadowPct()).isEqualTo(5.0);
        assertThat(config.modelVersion().systemPromptHash()).hasSize(16);
        assertThat(config.configHash()).hasSize(64);
    }
}
