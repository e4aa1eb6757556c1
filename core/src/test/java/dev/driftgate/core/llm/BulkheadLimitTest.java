package dev.driftgate.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.core.http.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkheadLimitTest {
    @Test
    void unsetIsTheFairShareDefaultAndAValueIsAFixedBudgetUnlessItSaysFair() {
        assertThat(settings(Map.of()).bulkhead()).isEqualTo(BulkheadLimit.DEFAULT);
        assertThat(BulkheadLimit.DEFAULT.fairShare()).isTrue();
        assertThat(settings(Map.of("DRIFTGATE_BULKHEAD", "16, 200")).bulkhead())
                .isEqualTo(new BulkheadLimit(16, Duration.ofMillis(200), false));
        assertThat(settings(Map.of("DRIFTGATE_BULKHEAD", "32,0,fair")).bulkhead())
                .isEqualTo(new BulkheadLimit(32, Duration.ZERO, true));
    }

    @Test
    void aBadValueNamesTheVariableTheFormAndTheValue() {
        for (String bad : new String[] {"16", "0,100", "16,-1", "x,100", "16,100,unfair", "16,100,fair,1"}) {
            assertThatThrownBy(() -> settings(Map.of("DRIFTGATE_BULKHEAD", bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("DRIFTGATE_BULKHEAD must be 'max_in_flight,max_wait_ms'")
                    .hasMessageContaining("got '" + bad + "'");
        }
    }

    private static LlmSettings settings(Map<String, String> env) {
        return LlmSettings.from(Duration.ofSeconds(5), RetryPolicy.of(0), env);
    }
}
