package dev.driftgate.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.core.config.Environment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobArgsTest {
    private static final Environment NONE = Environment.of(Map.of());

    @Test
    void bertScoreFlagIsTrueFalseOrAbsent() {
        assertThat(JobArgs.parse(new String[] {"--bertscore", "false"}, NONE).bool("bertscore", true)).isFalse();
        assertThat(JobArgs.parse(new String[0], NONE).bool("bertscore", true)).isTrue();
        assertThatThrownBy(() -> JobArgs.parse(new String[] {"--bertscore", "no"}, NONE).bool("bertscore", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--bertscore must be true or false, got 'no'");
    }

    @Test
    void requiredValuesFallBackToTheirVariableAndSayWhichWhenMissing() {
        Environment env = Environment.of(Map.of(Environment.DB_URL, "jdbc:postgresql://db/driftgate"));
        assertThat(JobArgs.parse(new String[0], env).require("jdbc-url", Environment.DB_URL))
                .isEqualTo("jdbc:postgresql://db/driftgate");
        assertThat(JobArgs.parse(new String[] {"--jdbc-url", "jdbc:x"}, env).require("jdbc-url", Environment.DB_URL))
                .isEqualTo("jdbc:x");
        assertThatThrownBy(() -> JobArgs.parse(new String[0], NONE).require("jdbc-url", Environment.DB_URL))
                .hasMessage("--jdbc-url is required (or set DRIFTGATE_DB_URL)");
        assertThatThrownBy(() -> JobArgs.parse(new String[] {"--dataset"}, NONE))
                .hasMessage("expected --name value pairs, got '--dataset'");
    }
}
