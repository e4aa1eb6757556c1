package dev.driftgate.gateway.config;

import dev.driftgate.core.text.Redaction;
import java.net.URI;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the gateway runs on, validated once at start: a bad value stops the service with a
 * message naming the key, instead of failing on the first request.
 *
 * @param samplingKey       HMAC key of the keyed-hash sampler (DRIFTGATE_SAMPLING_KEY)
 * @param devSamplingKey    true when no key was configured and the documented dev default is used
 * @param shadowPct         percent of distinct prompts sampled, from shadow_config.yaml (or an override)
 * @param productionModel   model string answering clients, e.g. {@code openai/sim-good}
 * @param candidateModel    model string the shadow job compares against (copied into events)
 * @param apiKeys           accepted bearer tokens; empty means auth is off
 * @param prometheusPublic  with auth on, whether /prometheus stays open to scrapers without a token
 * @param categories        the categories events may carry (dataset_config.yaml's, plus the default)
 * @param unknownCategory   the one bucket every other client-supplied category is mapped to
 * @param maxConcurrentModelCalls model calls in flight at most; more are shed with 503
 * @param overloadRetryAfterSeconds the Retry-After of a shed request
 */
public record GatewaySettings(
        String samplingKey,
        boolean devSamplingKey,
        double shadowPct,
        String productionModel,
        String candidateModel,
        int maxPromptBytes,
        String systemPrompt,
        Set<String> apiKeys,
        boolean prometheusPublic,
        Set<String> categories,
        String unknownCategory,
        int maxConcurrentModelCalls,
        int overloadRetryAfterSeconds,
        BreakerSettings breaker,
        KafkaSettings kafka,
        ModelEndpoint model) {

    /** The documented development key; production deployments set DRIFTGATE_SAMPLING_KEY. */
    public static final String DEV_SAMPLING_KEY = "driftgate-dev-sampling-key";

    /** Category of events whose request named none. */
    public static final String DEFAULT_CATEGORY = "uncategorized";

    public GatewaySettings {
        require(samplingKey != null && !samplingKey.isEmpty(), "driftgate.gateway.sampling-key", "must not be empty");
        require(shadowPct >= 0 && shadowPct <= 100, "shadow_pct", "must be within [0, 100], got " + shadowPct);
        require(productionModel != null && productionModel.contains("/"), "production_model",
                "must look like provider/model, got '" + productionModel + "'");
        require(maxPromptBytes > 0, "max_prompt_bytes", "must be > 0, got " + maxPromptBytes);
        require(unknownCategory != null && !unknownCategory.isBlank() && unknownCategory.length() <= 64,
                "driftgate.gateway.unknown-category", "must be a non-blank name of at most 64 characters");
        require(maxConcurrentModelCalls > 0, "driftgate.gateway.max-concurrent-model-calls", "must be > 0");
        require(overloadRetryAfterSeconds > 0, "driftgate.gateway.overload-retry-after-seconds", "must be > 0");
        apiKeys = Set.copyOf(apiKeys);
        categories = Set.copyOf(categories);
    }

    /**
     * Readiness breaker over the production model: open when, within {@code windowMs}, at least
     * {@code minFailures} calls failed upstream (5xx, timeout, connection error) and they are at least
     * {@code failureRatio} of the calls; closes after {@code openMs} on its own, or at the next success.
     */
    public record BreakerSettings(long windowMs, int minFailures, double failureRatio, long openMs) {
        public BreakerSettings {
            require(windowMs >= 1000, "driftgate.gateway.breaker-window-ms", "must be >= 1000");
            require(minFailures >= 1, "driftgate.gateway.breaker-min-failures", "must be >= 1");
            require(failureRatio > 0 && failureRatio <= 1, "driftgate.gateway.breaker-failure-ratio",
                    "must be within (0, 1]");
            require(openMs >= 100, "driftgate.gateway.breaker-open-ms", "must be >= 100");
        }
    }

    public boolean authEnabled() {
        return !apiKeys.isEmpty();
    }

    /** Kafka producer settings; sends never block a request thread whatever these are. */
    public record KafkaSettings(String bootstrapServers, String topic, int maxBlockMs, long bufferMemory,
                                int lingerMs, int requestTimeoutMs, int deliveryTimeoutMs, int queueCapacity,
                                long queueMaxBytes) {
        public KafkaSettings {
            require(bootstrapServers != null && !bootstrapServers.isBlank(),
                    "driftgate.gateway.kafka-bootstrap-servers", "must not be blank");
            require(topic != null && !topic.isBlank(), "kafka.requests_topic", "must not be blank");
            require(maxBlockMs >= 0, "driftgate.gateway.kafka-max-block-ms", "must be >= 0");
            require(bufferMemory >= 65536, "driftgate.gateway.kafka-buffer-memory", "must be >= 65536 bytes");
            require(lingerMs >= 0, "driftgate.gateway.kafka-linger-ms", "must be >= 0");
            require(requestTimeoutMs > 0, "driftgate.gateway.kafka-request-timeout-ms", "must be > 0");
            require(deliveryTimeoutMs >= lingerMs + requestTimeoutMs, "driftgate.gateway.kafka-delivery-timeout-ms",
                    "must be >= linger + request timeout (" + (lingerMs + requestTimeoutMs) + ")");
            require(queueCapacity > 0, "driftgate.gateway.publish-queue-capacity", "must be > 0");
            require(queueMaxBytes >= 1 << 20, "driftgate.gateway.publish-queue-max-bytes", "must be >= 1048576 bytes");
        }
    }

    /** Where the production model answers (OpenAI-compatible base URL for provider {@code openai}). */
    public record ModelEndpoint(String provider, String modelName, URI baseUrl, String apiKey, int timeoutMs) {
        public ModelEndpoint {
            require(provider != null && !provider.isBlank(), "production_model", "provider must not be blank");
            require(modelName != null && !modelName.isBlank(), "production_model", "model name must not be blank");
            require(baseUrl != null && baseUrl.getScheme() != null && baseUrl.getHost() != null,
                    "driftgate.gateway.model-base-url", "must be an absolute http(s) URL, got "
                            + Redaction.redact(String.valueOf(baseUrl)));
            require(timeoutMs > 0, "driftgate.gateway.model-timeout-ms", "must be > 0");
        }

        @Override
        public String toString() {
            // neither the API key nor credentials inside the base URL reach a log line
            return "ModelEndpoint[provider=" + provider + ", modelName=" + modelName + ", baseUrl="
                    + Redaction.redact(String.valueOf(baseUrl))
                    + ", timeoutMs=" + timeoutMs + "]";
        }
    }

    /** Parses DRIFTGATE_GATEWAY_API_KEYS: comma separated, blanks ignored. */
    public static Set<String> parseApiKeys(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public String toString() {
        return "GatewaySettings[shadowPct=" + shadowPct + ", productionModel=" + productionModel
                + ", candidateModel=" + candidateModel + ", maxPromptBytes=" + maxPromptBytes
                + ", auth=" + authEnabled() + ", prometheusPublic=" + prometheusPublic + ", categories=" + categories
                + ", unknownCategory=" + unknownCategory + ", maxConcurrentModelCalls=" + maxConcurrentModelCalls
                + ", breaker=" + breaker + ", devSamplingKey=" + devSamplingKey + ", kafka=" + kafka
                + ", model=" + model + "]";
    }

    static void require(boolean ok, String key, String reason) {
        if (!ok) {
            throw new IllegalArgumentException("invalid gateway setting " + key + ": " + reason);
        }
    }
}
