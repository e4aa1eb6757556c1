package dev.driftgate.flink.ops;

import dev.driftgate.core.cache.CacheMode;
import dev.driftgate.core.cache.ResponseCache;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.llm.JdbcRateBuckets;
import dev.driftgate.core.llm.LlmSettings;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelClients;
import dev.driftgate.core.llm.PriceTable;
import dev.driftgate.core.llm.RateBuckets;
import dev.driftgate.core.http.RetryPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Builds core's {@link ModelClients} (LangChain4j, per-provider rate limits, pricing) on the task
 * manager. API keys are read there from the task manager's environment, never shipped in the job
 * graph; {@code endpointOverrides} carries only non-secret endpoints (e.g. OPENAI_BASE_URL of an
 * in-process simulator) over that environment.
 *
 * <p>{@code clientRetries} is the client's own retry count, inference.max_retries for inference and
 * the judge alike: the Flink stages make one attempt each and every retry happens here, under
 * core's RetryPolicy (see {@link AsyncBlockingCallFunction}).
 */
public record LlmClientFactory(Map<String, String> endpointOverrides, long timeoutMs, int clientRetries,
                               Map<String, Double> inputPricePerMillion, Map<String, Double> outputPricePerMillion,
                               ResponseCacheTarget cache)
        implements ModelClientFactory {

    /**
     * Where the response cache lives and how to use it: a migrated driftgate database (the password
     * is read from DRIFTGATE_DB_PASSWORD on the task manager, never shipped), or, when {@code directory}
     * is set, a directory of content-addressed files (no database needed; CI caches the directory).
     */
    public record ResponseCacheTarget(String jdbcUrl, String user, CacheMode mode, String directory)
            implements java.io.Serializable {
        private static final long serialVersionUID = 2L;

        public ResponseCacheTarget(String jdbcUrl, String user, CacheMode mode) {
            this(jdbcUrl, user, mode, null);
        }

        public static ResponseCacheTarget directory(java.nio.file.Path dir, CacheMode mode) {
            return new ResponseCacheTarget(null, null, mode, dir.toAbsolutePath().toString());
        }
    }
    private static final long serialVersionUID = 1L;

    public LlmClientFactory {
        endpointOverrides = new LinkedHashMap<>(endpointOverrides);
        for (String key : endpointOverrides.keySet()) {
            if (key.contains("KEY") || key.contains("TOKEN")) {
                throw new IllegalArgumentException(key + " is a secret: it is read on the task manager, not shipped");
            }
        }
        inputPricePerMillion = new LinkedHashMap<>(inputPricePerMillion);
        outputPricePerMillion = new LinkedHashMap<>(outputPricePerMillion);
    }

    public LlmClientFactory withCache(ResponseCacheTarget target) {
        return new LlmClientFactory(endpointOverrides, timeoutMs, clientRetries, inputPricePerMillion,
                outputPricePerMillion, target);
    }

    public static LlmClientFactory of(ScorerConfig scorer, Map<String, String> endpointOverrides, int clientRetries) {
        Map<String, Double> in = new LinkedHashMap<>();
        Map<String, Double> out = new LinkedHashMap<>();
        if (scorer.pricing() != null) {
            scorer.pricing().forEach((model, price) -> {
                in.put(model, price.input());
                out.put(model, price.output());
            });
        }
        return new LlmClientFactory(endpointOverrides, scorer.inference().timeoutSeconds() * 1000L, clientRetries, in,
                out, null);
    }

    @Override
    public ModelClient create() {
        Environment env = TaskEnvironment.get();
        LlmSettings settings = LlmSettings.from(Duration.ofMillis(timeoutMs), RetryPolicy.of(clientRetries),
                env.with(endpointOverrides).asMap());
        Map<String, ScorerConfig.Price> prices = new HashMap<>();
        inputPricePerMillion.forEach((model, input) ->
                prices.put(model, new ScorerConfig.Price(input, outputPricePerMillion.getOrDefault(model, 0.0))));
        // DRIFTGATE_SHARED_RATE_LIMITS=true on the task managers: one limit for all subtasks (core's V9 table)
        RateBuckets buckets = JdbcRateBuckets.fromEnvironment(env);
        if (cache == null || cache.mode() == CacheMode.NO_CACHE) {
            return new ModelClients(settings, new PriceTable(prices), null, CacheMode.NO_CACHE, buckets);
        }
        if (cache.directory() != null) {
            return new ModelClients(settings, new PriceTable(prices),
                    ResponseCache.directory(java.nio.file.Path.of(cache.directory())), cache.mode(), buckets);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(cache.jdbcUrl());
        if (cache.user() != null) {
            ds.setUser(cache.user());
        }
        env.get(Environment.DB_PASSWORD).ifPresent(ds::setPassword);
        return new ModelClients(settings, new PriceTable(prices), ResponseCache.database(ds), cache.mode(), buckets);
    }
}
