package dev.driftgate.core.llm;

import dev.driftgate.core.cache.CacheMode;
import dev.driftgate.core.cache.CachingModelClient;
import dev.driftgate.core.cache.ResponseCache;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.scoring.ModelUsage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The one entry point to models: a {@link ModelClient} that routes each request by its model
 * string ({@code openai/...}, {@code anthropic/...}) to a stack built on first use: the response
 * cache (when given) over retries (with Retry-After) over the provider's rate limiter over the
 * endpoint's bulkhead (in-flight budget, hard timeout) over one LangChain4j attempt.
 * Usage (calls, tokens, cost) is recorded per model string. Thread-safe; not Serializable: build
 * one per JVM or per Flink operator in open(), close it in close().
 */
public class ModelClients implements ModelClient {
    private final LlmSettings settings;
    private final PriceTable prices;
    private final UsageRecorder usage = new UsageRecorder();
    private final Map<String, ModelClient> stacks = new ConcurrentHashMap<>();
    private final Map<String, ClientRateLimiter> limiters = new ConcurrentHashMap<>();
    private final Map<String, ProviderBulkhead> bulkheads = new ConcurrentHashMap<>();
    private final CallerConcurrency callers = new CallerConcurrency();

    private final ResponseCache cache;
    private final CacheMode cacheMode;
    private final RateBuckets rateBuckets;

    public ModelClients(LlmSettings settings, PriceTable prices) {
        this(settings, prices, null, CacheMode.NO_CACHE);
    }

    /** With {@code cache} null only {@link CacheMode#NO_CACHE} makes sense; NORMAL degrades to it. */
    public ModelClients(LlmSettings settings, PriceTable prices, ResponseCache cache, CacheMode cacheMode) {
        this(settings, prices, cache, cacheMode, RateBuckets.local());
    }

    /**
     * With the rate limits' buckets in {@code rateBuckets}: {@link JdbcRateBuckets} over the driftgate
     * database makes each provider's limit one limit for every subtask and JVM, whatever the parallelism.
     */
    public ModelClients(LlmSettings settings, PriceTable prices, ResponseCache cache, CacheMode cacheMode,
                        RateBuckets rateBuckets) {
        if (cache == null && cacheMode == CacheMode.CACHE_ONLY) {
            throw new IllegalArgumentException("--cache-only needs the response cache database (none configured)");
        }
        this.settings = settings;
        this.prices = prices;
        this.cache = cache;
        this.cacheMode = cache == null ? CacheMode.NO_CACHE : cacheMode;
        this.rateBuckets = rateBuckets;
    }

    /** Settings from scorer_config.yaml (timeouts, retries, prices) and the given environment; no cache. */
    public static ModelClients create(DriftgateConfig config, Map<String, String> env) {
        return create(config, env, null, CacheMode.NO_CACHE);
    }

    /**
     * As above, with the response cache in {@code cacheOrNull} (a migrated driftgate database: Flyway
     * V3 creates response_cache). Typical call: {@code ModelClients.create(config, Environment.system().asMap(),
     * dataSource, CacheMode.NORMAL)}.
     */
    public static ModelClients create(DriftgateConfig config, Map<String, String> env, DataSource cacheOrNull,
                                      CacheMode mode) {
        return new ModelClients(LlmSettings.from(config.scorer(), env), new PriceTable(config.scorer().pricing()),
                cacheOrNull == null ? null : ResponseCache.database(cacheOrNull), mode);
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        ModelResponse response = stack(request.model()).complete(request);
        usage.record(response);
        return response;
    }

    /** Builds (or returns) the stack of a model string now, so a bad string or missing key fails early. */
    public ModelClient stack(String modelString) {
        return stacks.computeIfAbsent(modelString, this::build);
    }

    protected ModelClient build(String modelString) {
        ModelString id = ModelString.parse(modelString);
        if (cacheMode == CacheMode.CACHE_ONLY) {
            // replay only: no provider client, so no key is needed and nothing can reach the network
            return new CachingModelClient(request -> {
                throw new IllegalStateException("unreachable in cache-only mode");
            }, cache, cacheMode);
        }
        ModelClient provider = ProviderClients.build(id, settings, prices);
        // one budget per endpoint (provider + host): model strings served by the same server share it
        String endpoint = id.provider() + "@" + settings.hostFor(modelString);
        ClientRateLimiter limiter = limiters.computeIfAbsent(id.provider(),
                p -> new ClientRateLimiter(settings.rateLimit(p), rateBuckets, endpoint));
        ProviderBulkhead bulkhead = bulkheads.computeIfAbsent(endpoint,
                e -> new ProviderBulkhead(e, settings.bulkhead(), settings.hardAttemptTimeout(), callers));
        ModelClient stack = new RetryingModelClient(new RateLimitedModelClient(
                new BulkheadModelClient(provider, bulkhead), limiter), settings.retryPolicy());
        return cacheMode == CacheMode.NORMAL ? new CachingModelClient(stack, cache, cacheMode) : stack;
    }

    public CacheMode cacheMode() {
        return cacheMode;
    }

    public UsageRecorder usage() {
        return usage;
    }

    public Map<String, ModelUsage> usageSnapshot() {
        return usage.snapshot();
    }

    /** Per endpoint: calls in flight, budget, refused and abandoned calls. */
    public List<BulkheadStats> bulkheadStats() {
        return bulkheads.values().stream().map(ProviderBulkhead::stats).toList();
    }

    public LlmSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        stacks.values().forEach(ModelClient::close);
        stacks.clear();
        bulkheads.values().forEach(ProviderBulkhead::close);
        bulkheads.clear();
    }
}
