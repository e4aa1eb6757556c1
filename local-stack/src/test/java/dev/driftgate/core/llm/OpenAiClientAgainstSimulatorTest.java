package dev.driftgate.core.llm;

import dev.driftgate.core.http.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.scoring.ModelUsage;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.local.sim.ReferenceAnswers;
import dev.driftgate.local.sim.SimulatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real LangChain4j OpenAI client, through our stack, against the simulator over HTTP. */
class OpenAiClientAgainstSimulatorTest {
    static final String FRANCE = "What is the capital of France, and on which river does it stand?";
    static final String FRANCE_REF = "The capital of France is Paris, which stands on the river Seine in the north of the country.";
    static LlmSimulator sim;

    @BeforeAll
    static void start() {
        sim = new LlmSimulator(SimulatorConfig.load(Path.of("src/test/resources/sim/simulator-test.yaml")),
                ReferenceAnswers.load(Path.of("src/test/resources/sim/golden-mini.jsonl"))).start(0);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static ModelClients clients(Map<String, String> env, Map<String, ScorerConfig.Price> prices, RetryPolicy retry) {
        return new ModelClients(LlmSettings.from(Duration.ofSeconds(5), retry, env), new PriceTable(prices));
    }

    @Test
    void completesThroughLangChain4jWithUsageAndCost() {
        Map<String, ScorerConfig.Price> prices = Map.of("openai/sim-perfect", new ScorerConfig.Price(1.0, 2.0));
        try (ModelClients models = clients(Map.of("OPENAI_BASE_URL", sim.baseUrl()), prices, RetryPolicy.of(0))) {
            ModelResponse r = models.complete(ModelRequest.inference("openai/sim-perfect", "Be precise.", FRANCE));
            assertThat(r.text()).isEqualTo(FRANCE_REF);
            assertThat(r.model()).isEqualTo("openai/sim-perfect");
            assertThat(r.inputTokens()).isPositive();
            assertThat(r.outputTokens()).isPositive();
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.cacheHit()).isFalse();
            assertThat(r.estimatedCostUsd())
                    .isCloseTo((r.inputTokens() * 1.0 + r.outputTokens() * 2.0) / 1e6, org.assertj.core.data.Offset.offset(1e-12));

            models.complete(ModelRequest.inference("openai/sim-perfect", "Be precise.", FRANCE));
            models.complete(ModelRequest.inference("openai/sim-good", null, FRANCE));
            ModelUsage usage = models.usageSnapshot().get("openai/sim-perfect");
            assertThat(usage.calls()).isEqualTo(2);
            assertThat(usage.inputTokens()).isEqualTo(2L * r.inputTokens());
            assertThat(usage.costUsd()).isCloseTo(2 * r.estimatedCostUsd(), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(models.usageSnapshot().get("openai/sim-good").costUsd()).isZero();
        }
    }

    @Test
    void aMissingKeyForARemoteBaseUrlIsAClearErrorThatDoesNotLeakAnything() {
        try (ModelClients models = clients(Map.of(), Map.of(), RetryPolicy.of(0))) {
            assertThatThrownBy(() -> models.complete(ModelRequest.inference("openai/gpt-4o-mini", null, "hello there")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("OPENAI_API_KEY is not set")
                    .hasMessageContaining("https://api.openai.com/v1");
        }
        LlmSettings withKey = LlmSettings.from(Duration.ofSeconds(1), RetryPolicy.of(0),
                Map.of("OPENAI_API_KEY", "sk-secret-value", "ANTHROPIC_API_KEY", "sk-ant-secret"));
        assertThat(withKey.toString()).doesNotContain("sk-secret-value").doesNotContain("sk-ant-secret");
    }

    @Test
    void badModelStringsAreRejectedWithTheReason() {
        try (ModelClients models = clients(Map.of("OPENAI_BASE_URL", sim.baseUrl()), Map.of(), RetryPolicy.of(0))) {
            assertThatThrownBy(() -> models.stack("gpt-4o")).hasMessageContaining("must be provider/model");
            assertThatThrownBy(() -> models.stack("mistral/large")).hasMessageContaining("unknown provider 'mistral'");
        }
    }

    @Test
    void notFoundModelIsNotRetried() {
        try (ModelClients models = clients(Map.of("OPENAI_BASE_URL", sim.baseUrl()), Map.of(), RetryPolicy.of(3))) {
            long before = sim.requestCount();
            assertThatThrownBy(() -> models.complete(ModelRequest.inference("openai/no-such-model", null, FRANCE)))
                    .isInstanceOfSatisfying(ModelCallException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.attempts()).isEqualTo(1);
                        assertThat(e.getMessage()).contains("HTTP 404").contains("no-such-model");
                    });
            assertThat(sim.requestCount() - before).isEqualTo(1);
        }
    }

    @Test
    void simulated429IsRetriedHonouringRetryAfterThenGivesUp() {
        RetryPolicy policy = new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(10));
        try (ModelClients models = clients(Map.of("OPENAI_BASE_URL", sim.baseUrl()), Map.of(), policy)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> models.complete(ModelRequest.inference("openai/sim-always-429", null, FRANCE)))
                    .isInstanceOfSatisfying(ModelCallException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.attempts()).isEqualTo(2);
                        assertThat(e.getMessage()).contains("HTTP 429");
                    });
            // the simulator sends Retry-After: 2, far above the 50 ms backoff cap
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(2_000);
        }
    }

    @Test
    void flakyModelsSucceedThroughRetriesAndTheFaultSequenceIsReproducible() {
        RetryPolicy policy = new RetryPolicy(8, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1));
        int[] attempts = new int[2];
        for (int round = 0; round < 2; round++) {
            try (LlmSimulator fresh = new LlmSimulator(SimulatorConfig.load(Path.of("src/test/resources/sim/simulator-test.yaml")),
                    ReferenceAnswers.none()).start(0);
                 ModelClients models = clients(Map.of("OPENAI_BASE_URL", fresh.baseUrl()), Map.of(), policy)) {
                for (int i = 0; i < 20; i++) {
                    ModelResponse r = models.complete(ModelRequest.inference("openai/sim-half-500", null, "flaky question " + i));
                    assertThat(r.text()).isNotBlank();
                    attempts[round] += r.attempts();
                }
                assertThat(fresh.serverErrorCount()).isEqualTo(attempts[round] - 20);
            }
        }
        assertThat(attempts[0]).isGreaterThan(25);        // about half the attempts fail
        assertThat(attempts[1]).isEqualTo(attempts[0]);   // a fresh simulator replays the same faults
    }
}
