package dev.driftgate.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.http.RetryPolicy;
import dev.driftgate.core.llm.LlmSettings;
import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.core.llm.ModelClients;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.ModelResponse;
import dev.driftgate.core.llm.PriceTable;
import dev.driftgate.core.llm.StubLlmServer.Reply;
import dev.driftgate.core.llm.StubLlmServer.Wire;
import dev.driftgate.core.llm.StubLlmServer;
import dev.driftgate.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The response cache on a real (embedded) PostgreSQL, in front of the real OpenAI client. */
class ResponseCacheTest {
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();
    static DataSource ds;
    static StubLlmServer stub;
    static final AtomicInteger answers = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        ds = pg.dataSource();
        stub = new StubLlmServer(Wire.OPENAI, (n, body) -> Reply.ok("answer #" + answers.incrementAndGet()));
    }

    @AfterAll
    static void stop() throws Exception {
        stub.close();
    }

    @BeforeEach
    void emptyCache() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE response_cache");
        }
    }

    static ModelClients clients(CacheMode mode) {
        LlmSettings settings = LlmSettings.from(Duration.ofSeconds(5), RetryPolicy.of(0),
                Map.of("OPENAI_BASE_URL", stub.baseUrl()));
        return new ModelClients(settings, new PriceTable(Map.of("openai/gpt-x", new ScorerConfig.Price(1, 1))),
                ResponseCache.database(ds), mode);
    }

    static ModelRequest req(String prompt) {
        return ModelRequest.inference("openai/gpt-x", "You are terse.", prompt);
    }

    @Test
    void aRepeatedCallIsAFreeDeterministicHit() {
        try (ModelClients models = clients(CacheMode.NORMAL)) {
            int before = stub.requestCount();
            ModelResponse miss = models.complete(req("What is the boiling point of water?"));
            ModelResponse hit = models.complete(req("What is the boiling point of water?"));
            assertThat(stub.requestCount() - before).isEqualTo(1);
            assertThat(miss.cacheHit()).isFalse();
            assertThat(miss.estimatedCostUsd()).isPositive();
            assertThat(hit.cacheHit()).isTrue();
            assertThat(hit.text()).isEqualTo(miss.text());
            assertThat(hit.estimatedCostUsd()).isZero();
            assertThat(hit.attempts()).isZero();
            assertThat(hit.inputTokens()).isEqualTo(miss.inputTokens());
            assertThat(models.usage().cacheHits("openai/gpt-x")).isEqualTo(1);
            assertThat(models.usageSnapshot().get("openai/gpt-x").calls()).isEqualTo(2);
            assertThat(models.usageSnapshot().get("openai/gpt-x").costUsd()).isEqualTo(miss.estimatedCostUsd());
        }
        // a new client (a CI rerun) replays the same answer
        try (ModelClients rerun = clients(CacheMode.NORMAL)) {
            int before = stub.requestCount();
            assertThat(rerun.complete(req("What is the boiling point of water?")).cacheHit()).isTrue();
            assertThat(stub.requestCount()).isEqualTo(before);
        }
    }

    @Test
    void theKeyCoversEveryParameterAndTheRubricVersion() {
        ModelRequest base = new ModelRequest("openai/gpt-x", "sys", "prompt", 0.0, 512, true, "judge",
                Map.of("rubric_version", "rubric-v1"));
        String k = CacheKey.of(base).hex();
        assertThat(CacheKey.of(new ModelRequest("openai/gpt-x", "sys", "prompt", 0.0, 512, true, "inference",
                Map.of("rubric_version", "rubric-v1"))).hex()).as("purpose is accounting only").isEqualTo(k);
        assertThat(CacheKey.of(new ModelRequest("anthropic/gpt-x", "sys", "prompt", 0.0, 512, true, "judge",
                Map.of("rubric_version", "rubric-v1"))).hex()).isNotEqualTo(k);
        assertThat(CacheKey.of(new ModelRequest("openai/gpt-y", "sys", "prompt", 0.0, 512, true, "judge",
                Map.of("rubric_version", "rubric-v1"))).hex()).isNotEqualTo(k);
        assertThat(CacheKey.of(new ModelRequest("openai/gpt-x", "sys", "prompt", 0.7, 512, true, "judge",
                Map.of("rubric_version", "rubric-v1"))).hex()).isNotEqualTo(k);
        assertThat(CacheKey.of(new ModelRequest("openai/gpt-x", "sys", "prompt", 0.0, 256, true, "judge",
                Map.of("rubric_version", "rubric-v1"))).hex()).isNotEqualTo(k);
        assertThat(CacheKey.of(new ModelRequest("openai/gpt-x", "sys", "prompt", 0.0, 512, false, "judge",
                Map.of("rubric_version", "rubric-v1"))).hex()).isNotEqualTo(k);
        assertThat(CacheKey.of(new ModelRequest("openai/gpt-x", "sys2", "prompt", 0.0, 512, true, "judge",
                Map.of("rubric_version", "rubric-v1"))).hex()).isNotEqualTo(k);
        assertThat(CacheKey.of(new ModelRequest("openai/gpt-x", "sys", "prompt!", 0.0, 512, true, "judge",
                Map.of("rubric_version", "rubric-v1"))).hex()).isNotEqualTo(k);
        assertThat(CacheKey.of(new ModelRequest("openai/gpt-x", "sys", "prompt", 0.0, 512, true, "judge",
                Map.of("rubric_version", "rubric-v2"))).hex()).isNotEqualTo(k);
        assertThat(k).hasSize(64).matches("[0-9a-f]+");
        assertThat(CacheKey.of(base).describe()).contains("rubric_version=rubric-v1").doesNotContain("prompt=prompt");
    }

    @Test
    void noCacheBypassesReadsAndWrites() throws Exception {
        try (ModelClients models = clients(CacheMode.NO_CACHE)) {
            int before = stub.requestCount();
            ModelResponse a = models.complete(req("Name a prime number."));
            ModelResponse b = models.complete(req("Name a prime number."));
            assertThat(stub.requestCount() - before).isEqualTo(2);
            assertThat(a.cacheHit()).isFalse();
            assertThat(b.cacheHit()).isFalse();
            assertThat(b.text()).isNotEqualTo(a.text());
        }
        assertThat(rows()).isZero();
    }

    @Test
    void cacheOnlyReplaysHitsAndFailsOnAMissNamingTheKey() {
        try (ModelClients normal = clients(CacheMode.NORMAL)) {
            normal.complete(req("Spell cat backwards."));
        }
        try (ModelClients replay = clients(CacheMode.CACHE_ONLY)) {
            int before = stub.requestCount();
            assertThat(replay.complete(req("Spell cat backwards.")).cacheHit()).isTrue();
            assertThatThrownBy(() -> replay.complete(req("Spell dog backwards.")))
                    .isInstanceOfSatisfying(ModelCallException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("cache-only mode: no cached response for key")
                    .hasMessageContaining("provider=openai").hasMessageContaining("model=gpt-x")
                    .hasMessageContaining("temperature=0.0").hasMessageContaining("prompt=sha256:");
            assertThat(stub.requestCount()).isEqualTo(before);
        }
        assertThatThrownBy(() -> new ModelClients(LlmSettings.from(Duration.ofSeconds(1), RetryPolicy.of(0), Map.of()),
                new PriceTable(Map.of()), null, CacheMode.CACHE_ONLY)).hasMessageContaining("--cache-only");
        assertThatThrownBy(() -> CacheMode.fromFlags(true, true)).hasMessageContaining("exclude");
    }

    @Test
    void storedRowsHoldPromptHashesNotPrompts() throws Exception {
        try (ModelClients models = clients(CacheMode.NORMAL)) {
            models.complete(req("My secret question about taxes"));
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT key_fields::text, provider, model FROM response_cache")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).doesNotContain("secret question").contains("sha256:");
            assertThat(rs.getString(2)).isEqualTo("openai");
            assertThat(rs.getString(3)).isEqualTo("gpt-x");
        }
    }

    static int rows() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM response_cache")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
