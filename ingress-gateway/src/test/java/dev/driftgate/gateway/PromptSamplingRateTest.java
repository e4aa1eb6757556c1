package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.sampling.PromptSampler;
import dev.driftgate.gateway.config.GatewaySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The sampler as the gateway builds it: rate, determinism across replicas, key dependence. */
class PromptSamplingRateTest {
    private static final int PROMPTS = 100_000;

    @Test
    void samplesFivePercentOfDistinctPromptsWithinPointThree() {
        double pct = new ConfigLoader().load(Path.of("../config")).shadow().shadowPct();
        assertThat(pct).isEqualTo(5.0);
        for (String key : new String[] {GatewaySettings.DEV_SAMPLING_KEY, "another-secret-key"}) {
            PromptSampler sampler = new PromptSampler(key.getBytes(StandardCharsets.UTF_8), pct);
            int sampled = 0;
            for (int i = 0; i < PROMPTS; i++) {
                if (sampler.sampled("user question #" + i + ": how do I reset my password?")) {
                    sampled++;
                }
            }
            double rate = 100.0 * sampled / PROMPTS;
            assertThat(rate).as("sampled percent with key %s", key).isBetween(4.7, 5.3);
        }
    }

    @Test
    void samePromptSameDecisionOnEveryReplica() {
        byte[] key = "replica-key".getBytes(StandardCharsets.UTF_8);
        PromptSampler one = new PromptSampler(key, 5);
        PromptSampler two = new PromptSampler(key, 5);
        int sampled = 0;
        for (int i = 0; i < 10_000; i++) {
            String prompt = "prompt " + i;
            boolean decision = one.sampled(prompt);
            assertThat(one.sampled(prompt)).isEqualTo(decision);
            assertThat(two.sampled(prompt)).isEqualTo(decision);
            assertThat(two.hash(prompt)).isEqualTo(one.hash(prompt));
            sampled += decision ? 1 : 0;
        }
        assertThat(sampled).isBetween(350, 650);
    }

    @Test
    void zeroAndHundredPercentAreExact() {
        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        PromptSampler none = new PromptSampler(key, 0);
        PromptSampler all = new PromptSampler(key, 100);
        for (int i = 0; i < 10_000; i++) {
            assertThat(none.sampled("p" + i)).isFalse();
            assertThat(all.sampled("p" + i)).isTrue();
        }
    }
}
