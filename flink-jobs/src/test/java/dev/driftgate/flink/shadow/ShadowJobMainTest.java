package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ShadowJobMainTest {
    @Test
    void bertScoreFlagIsTrueFalseOrAbsent() {
        assertThat(ShadowJobMain.bool(ShadowJobMain.parse(new String[] {"--bertscore", "false"}), "bertscore", true))
                .isFalse();
        assertThat(ShadowJobMain.bool(Map.of(), "bertscore", true)).isTrue();
        assertThatThrownBy(() -> ShadowJobMain.bool(Map.of("bertscore", "no"), "bertscore", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--bertscore must be true or false, got 'no'");
    }
}
