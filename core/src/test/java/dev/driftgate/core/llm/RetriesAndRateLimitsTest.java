package dev.driftgate.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.core.http.RetryPolicy;
import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.llm.StubLlmServer.Reply;
import dev.driftgate.core.llm.StubLlmServer.Wire;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Retries, Retry-After, timeouts and rate limits, through the real LangChain4j clients over HTTP. */
class RetriesAndRateLimitsTest {
    /** Backoff capped at 20 ms, so any longer wait can only come from Retry-After. */
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(10));

    static ModelClients openAi(StubLlmServer stub, RetryPolicy policy, Duration timeout, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("OPENAI_BASE_URL", stub.baseUrl());
        return new ModelClients(LlmSettings.from(timeout, policy, env),
                new PriceTable(Map.of("openai/priced", new ScorerConfig.Price(0.15, 0.60))));
    }

    static ModelRequest req(String model) {
        return ModelRequest.inference("openai/" + model, "sys", "What is two plus two?");
    }

    @Test
    void a429WithRetryAfterIsHonouredThenSucceeds() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(Wire.OPENAI, (n, body) ->
                n == 1 ? Reply.status(429, Map.of("Retry-After", "1")) : Reply.ok("four"));
             ModelClients models = openAi(stub, FAST, Duration.ofSeconds(5), Map.of())) {
            ModelResponse r = models.complete(req("m"));
            assertThat(r.text()).isEqualTo("four");
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(stub.requestCount()).isEqualTo(2);
            assertThat(stub.gapMs(0)).isGreaterThanOrEqualTo(1000).isLessThan(3000);
            assertThat(r.latencyMs()).isGreaterThanOrEqualTo(1000);
        }
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(Wire.OPENAI, (n, body) ->
                n <= 2 ? Reply.status(n == 1 ? 500 : 503) : Reply.ok("four"));
             ModelClients models = openAi(stub, FAST, Duration.ofSeconds(5), Map.of())) {
            ModelResponse r = models.complete(req("m"));
            assertThat(r.attempts()).isEqualTo(3);
            assertThat(stub.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void timeoutsAreRetried() throws Exception {
        // The first reply comes far too late; the retry must not wait for it. Bounds are generous
        // because a loaded 2-core machine can also slow the prompt second answer past the timeout.
        try (StubLlmServer stub = new StubLlmServer(Wire.OPENAI, (n, body) ->
                n == 1 ? Reply.ok("late").delayed(8_000) : Reply.ok("four"));
             ModelClients models = openAi(stub, FAST, Duration.ofMillis(1_000), Map.of())) {
            models.stack("openai/m"); // build the client first: class loading is not part of the timing
            long start = System.nanoTime();
            ModelResponse r = models.complete(req("m"));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.text()).isEqualTo("four");
            assertThat(r.attempts()).isGreaterThanOrEqualTo(2);
            assertThat(stub.requestCount()).isEqualTo(r.attempts());
            assertThat(elapsedMs).isGreaterThanOrEqualTo(1_000).isLessThan(8_000);
        }
    }

    @Test
    void aBadRequestIsNotRetried() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(Wire.OPENAI, (n, body) -> Reply.status(400));
             ModelClients models = openAi(stub, FAST, Duration.ofSeconds(5), Map.of())) {
            assertThatThrownBy(() -> models.complete(req("m"))).isInstanceOfSatisfying(ModelCallException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.getMessage()).contains("HTTP 400").contains("openai/m");
            });
            assertThat(stub.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void retriesStopAfterMaxRetriesWithACountedFailure() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(Wire.OPENAI, (n, body) -> Reply.status(502));
             ModelClients models = openAi(stub, FAST, Duration.ofSeconds(5), Map.of())) {
            assertThatThrownBy(() -> models.complete(req("m"))).isInstanceOfSatisfying(ModelCallException.class, e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.attempts()).isEqualTo(4);
                assertThat(e.getMessage()).contains("gave up after 4 attempts");
            });
            assertThat(stub.requestCount()).isEqualTo(4);
        }
    }

    @Test
    void requestsPerMinuteAreEnforcedClientSide() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(Wire.OPENAI, (n, body) -> Reply.ok("ok"));
             ModelClients models = openAi(stub, FAST, Duration.ofSeconds(5), Map.of("DRIFTGATE_RATE_LIMIT_OPENAI", "600,0"))) {
            long start = System.nanoTime();
            for (int i = 0; i < 25; i++) {
                models.complete(req("m"));
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            // 600/min = 10/s with a half-second bucket: 5 at once, the other 20 at 10 per second
            assertThat(elapsedMs).isGreaterThanOrEqualTo(1_400);
        }
        assertThatThrownBy(() -> LlmSettings.from(Duration.ofSeconds(1), FAST, Map.of("DRIFTGATE_RATE_LIMIT_OPENAI", "fast")))
                .hasMessageContaining("DRIFTGATE_RATE_LIMIT_OPENAI").hasMessageContaining("'fast'");
    }

    @Test
    void tokenBucketChargesTokensAndRefillsOverTime() {
        AtomicLong clock = new AtomicLong();
        TokenBucket bucket = new TokenBucket(100, 100, clock::get); // 100 tokens, 100 per second
        assertThat(bucket.reserve(60)).isZero();
        assertThat(bucket.reserve(40)).isZero();
        assertThat(bucket.reserve(50)).isEqualTo(500_000_000L); // 50 short: half a second
        clock.addAndGet(1_000_000_000L);                        // one second later: back to +50
        assertThat(bucket.reserve(50)).isZero();
        bucket.debit(100);                                      // output tokens after the call
        assertThat(bucket.reserve(1)).isEqualTo(1_010_000_000L);
    }

    @Test
    void costIsEstimatedFromThePriceTableAndAggregatedPerModel() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(Wire.OPENAI, (n, body) -> Reply.ok("four"));
             ModelClients models = openAi(stub, FAST, Duration.ofSeconds(5), Map.of())) {
            ModelResponse r = models.complete(req("priced"));
            // the stub reports 100 prompt and 20 completion tokens
            assertThat(r.inputTokens()).isEqualTo(100);
            assertThat(r.outputTokens()).isEqualTo(20);
            assertThat(r.estimatedCostUsd()).isEqualTo((100 * 0.15 + 20 * 0.60) / 1e6);
            models.complete(req("priced"));
            models.complete(req("unpriced"));
            assertThat(models.usageSnapshot().get("openai/priced").costUsd()).isEqualTo(2 * r.estimatedCostUsd());
            assertThat(models.usageSnapshot().get("openai/priced").outputTokens()).isEqualTo(40);
            assertThat(models.usageSnapshot().get("openai/unpriced").costUsd()).isZero();
            assertThat(models.usage().totalCostUsd()).isEqualTo(2 * r.estimatedCostUsd());
        }
    }

    @Test
    void anthropicWireFormatWithKeyHeaderAndRetryAfter() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(Wire.ANTHROPIC, (n, body) ->
                n == 1 ? Reply.status(429, Map.of("Retry-After", "1")) : Reply.ok("four"))) {
            Map<String, String> env = Map.of("ANTHROPIC_BASE_URL", stub.baseUrl(), "ANTHROPIC_API_KEY", "sk-ant-test");
            try (ModelClients models = new ModelClients(LlmSettings.from(Duration.ofSeconds(5), FAST, env),
                    new PriceTable(Map.of()))) {
                ModelResponse r = models.complete(ModelRequest.inference("anthropic/claude-x", "Be brief.", "What is 2+2?"));
                assertThat(r.text()).isEqualTo("four");
                assertThat(r.attempts()).isEqualTo(2);
                assertThat(r.inputTokens()).isEqualTo(100);
                assertThat(stub.gapMs(0)).isGreaterThanOrEqualTo(1000);
                assertThat(stub.requests().get(1).path("model").asText()).isEqualTo("claude-x");
                assertThat(stub.requests().get(1).path("system").toString()).contains("Be brief.");
                assertThat(stub.requests().get(1).path("temperature").asDouble()).isZero();
                assertThat(stub.requestHeaders().get(1).get("X-api-key")).containsExactly("sk-ant-test");
            }
        }
    }
}
