package dev.driftgate.core.llm;

import dev.driftgate.core.config.Environment;
import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.http.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where each provider lives, its key, timeouts, retries and client-side rate limits. Base URLs and
 * keys come only from the environment (OPENAI_BASE_URL, OPENAI_API_KEY, ANTHROPIC_BASE_URL,
 * ANTHROPIC_API_KEY, OLLAMA_BASE_URL); timeout and retries from scorer_config.yaml's inference
 * section; rate limits from DRIFTGATE_RATE_LIMIT_OPENAI/_ANTHROPIC/_OLLAMA ("rpm,tpm", 0 = none); the
 * in-flight budget per endpoint from DRIFTGATE_BULKHEAD ("max_in_flight,max_wait_ms[,fair]", unset =
 * {@link BulkheadLimit#DEFAULT}, a fair share).
 * {@link #toString()} never prints a key.
 */
public record LlmSettings(
        String openaiBaseUrl,
        String openaiApiKey,
        String anthropicBaseUrl,
        String anthropicApiKey,
        String ollamaBaseUrl,
        Duration timeout,
        RetryPolicy retryPolicy,
        RateLimit openaiRateLimit,
        RateLimit anthropicRateLimit,
        RateLimit ollamaRateLimit,
        BulkheadLimit bulkhead) {

    public static final String DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com/v1";
    public static final String DEFAULT_OLLAMA_BASE_URL = "http://localhost:11434";
    /** Tier-1 published limits, used for non-local endpoints unless overridden. */
    static final RateLimit OPENAI_DEFAULT_LIMIT = new RateLimit(500, 200_000);
    static final RateLimit ANTHROPIC_DEFAULT_LIMIT = new RateLimit(50, 40_000);

    public static LlmSettings from(ScorerConfig scorer, Map<String, String> env) {
        ScorerConfig.InferenceSettings inference = scorer.inference();
        return from(Duration.ofSeconds(inference.timeoutSeconds()), RetryPolicy.of(inference.maxRetries()), env);
    }

    public static LlmSettings from(Duration timeout, RetryPolicy retryPolicy, Map<String, String> env) {
        String openai = nonBlank(env.get("OPENAI_BASE_URL"), DEFAULT_OPENAI_BASE_URL);
        String anthropic = nonBlank(env.get("ANTHROPIC_BASE_URL"), DEFAULT_ANTHROPIC_BASE_URL);
        String ollama = nonBlank(env.get("OLLAMA_BASE_URL"), DEFAULT_OLLAMA_BASE_URL);
        return new LlmSettings(openai, blankToNull(env.get("OPENAI_API_KEY")), anthropic,
                blankToNull(env.get("ANTHROPIC_API_KEY")), ollama, timeout, retryPolicy,
                limit(env, "DRIFTGATE_RATE_LIMIT_OPENAI", isLocal(openai) ? RateLimit.UNLIMITED : OPENAI_DEFAULT_LIMIT),
                limit(env, "DRIFTGATE_RATE_LIMIT_ANTHROPIC",
                        isLocal(anthropic) ? RateLimit.UNLIMITED : ANTHROPIC_DEFAULT_LIMIT),
                limit(env, "DRIFTGATE_RATE_LIMIT_OLLAMA", RateLimit.UNLIMITED),
                nonBlank(env.get(Environment.BULKHEAD), null) == null ? BulkheadLimit.DEFAULT
                        : BulkheadLimit.parse(env.get(Environment.BULKHEAD), Environment.BULKHEAD));
    }

    /**
     * The host[:port] that serves {@code model} (a provider/model string): for messages and run
     * parameters, so never the scheme, path, user info or query of the base URL. Null when unknown.
     */
    public String hostFor(String model) {
        try {
            String base = switch (ModelString.parse(model).provider()) {
                case "anthropic" -> anthropicBaseUrl;
                case "ollama" -> ollamaBaseUrl;
                default -> openaiBaseUrl;
            };
            java.net.URI uri = java.net.URI.create(base);
            return uri.getHost() == null ? null : uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (RuntimeException e) {
            return null;
        }
    }

    public LlmSettings withRetryPolicy(RetryPolicy policy) {
        return new LlmSettings(openaiBaseUrl, openaiApiKey, anthropicBaseUrl, anthropicApiKey, ollamaBaseUrl, timeout,
                policy, openaiRateLimit, anthropicRateLimit, ollamaRateLimit, bulkhead);
    }

    public LlmSettings withTimeout(Duration newTimeout) {
        return new LlmSettings(openaiBaseUrl, openaiApiKey, anthropicBaseUrl, anthropicApiKey, ollamaBaseUrl,
                newTimeout, retryPolicy, openaiRateLimit, anthropicRateLimit, ollamaRateLimit, bulkhead);
    }

    /**
     * The hard cut-off of one attempt: the HTTP timeout plus a second, so the HTTP client's own timeout
     * (with its clearer error) fires first and this one only catches what it misses.
     */
    public Duration hardAttemptTimeout() {
        return timeout.plusSeconds(1);
    }

    public RateLimit rateLimit(String provider) {
        return switch (provider) {
            case "openai" -> openaiRateLimit;
            case "anthropic" -> anthropicRateLimit;
            default -> ollamaRateLimit;
        };
    }

    /** True for loopback hosts: a local server (the simulator, vLLM, Ollama) needs no key. */
    public static boolean isLocal(String baseUrl) {
        try {
            String host = URI.create(baseUrl).getHost();
            return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                    || host.equals("::1"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "LlmSettings[openaiBaseUrl=" + openaiBaseUrl + ", openaiApiKey=" + mask(openaiApiKey)
                + ", anthropicBaseUrl=" + anthropicBaseUrl + ", anthropicApiKey=" + mask(anthropicApiKey)
                + ", ollamaBaseUrl=" + ollamaBaseUrl + ", timeout=" + timeout + ", retryPolicy=" + retryPolicy
                + ", rateLimits=" + openaiRateLimit + "/" + anthropicRateLimit + "/" + ollamaRateLimit
                + ", bulkhead=" + bulkhead + "]";
    }

    private static String mask(String key) {
        return key == null ? "unset" : "set";
    }

    private static RateLimit limit(Map<String, String> env, String name, RateLimit fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : RateLimit.parse(v, name);
    }

    private static String nonBlank(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }
}
