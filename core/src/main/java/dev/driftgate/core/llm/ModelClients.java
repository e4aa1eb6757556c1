package dev.driftgate.core.llm;

import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.scoring.ModelUsage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one entry point to models: a {@link ModelClient} that routes each request by its model
 * string ({@code openai/...}, {@code anthropic/...}) to a stack built on first use:
 * retries (with Retry-After) over the provider's rate limiter over one LangChain4j attempt.
 * Usage (calls, tokens, cost) is recorded per model string. Thread-safe; not Serializable: build
 * one per JVM or per Flink operator in open(), close it in close().
 */
public class ModelClients implements ModelClient {
    private final LlmSettings settings;
    private final PriceTable prices;
    private final UsageRecorder usage = new UsageRecorder();
    private final Map<String, ModelClient> stacks = new ConcurrentHashMap<>();
    private final Map<String, ClientRateLimiter> limiters = new ConcurrentHashMap<>();

    public ModelClients(LlmSettings settings, PriceTable prices) {
        this.settings = settings;
        this.prices = prices;
    }

    /** Settings from scorer_config.yaml (timeouts, retries, prices) and the given environment. */
    public static ModelClients create(DriftgateConfig config, Map<String, String> env) {
        return new ModelClients(LlmSettings.from(config.scorer(), env), new PriceTable(config.scorer().pricing()));
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
        ModelClient provider = ProviderClients.build(id, settings, prices);
        ClientRateLimiter limiter = limiters.computeIfAbsent(id.provider(),
                p -> new ClientRateLimiter(settings.rateLimit(p)));
        return new RetryingModelClient(new RateLimitedModelClient(provider, limiter), settings.retryPolicy());
    }

    public UsageRecorder usage() {
        return usage;
    }

    public Map<String, ModelUsage> usageSnapshot() {
        return usage.snapshot();
    }

    public LlmSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        stacks.values().forEach(ModelClient::close);
        stacks.clear();
    }
}
