package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.ShadowConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** overload.* of shadow_config.yaml reaches the job's options, the daily budget included. */
class ShedOptionsTest {
    private static final Path PROJECT_CONFIG = Path.of("..", "config");

    @TempDir
    Path dir;

    @Test
    void theDailyBudgetIsCarriedFromTheYamlIntoTheJobOptions() throws Exception {
        for (String f : List.of(ConfigLoader.DATASET, ConfigLoader.SCORER, ConfigLoader.MODEL_VERSION,
                ConfigLoader.SHADOW)) {
            Files.copy(PROJECT_CONFIG.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Path shadow = dir.resolve(ConfigLoader.SHADOW);
        String yaml = Files.readString(shadow);
        assertThat(yaml).contains("  daily_budget_usd: 0 ");
        Files.writeString(shadow, yaml.replace("  daily_budget_usd: 0 ", "  daily_budget_usd: 7.5 "));
        ShadowConfig config = new ConfigLoader().load(dir).shadow();

        ShedOptions options = ShadowJobOptions.from(config).overload();
        assertThat(options.dailyBudgetUsd()).isEqualTo(7.5);
        assertThat(options.shed()).isFalse();
        assertThat(options.active()).as("a budget needs the shedder even with shed: false").isTrue();
        assertThat(ShedOptions.from(new ConfigLoader().load(PROJECT_CONFIG).shadow()).budgeted()).isFalse();
    }

    @Test
    void aBudgetNeedsASampledShareToLower() {
        assertThatThrownBy(() -> new ShedOptions(false, 0, 30_000, 5_000, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shadow_pct");
        assertThatThrownBy(() -> new ShedOptions(false, 5, 30_000, 5_000, -1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("daily budget");
    }
}
