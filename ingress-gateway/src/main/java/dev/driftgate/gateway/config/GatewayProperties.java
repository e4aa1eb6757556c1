package dev.driftgate.gateway.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The raw {@code driftgate.gateway.*} keys as Micronaut binds them (application.yml, system
 * properties, environment variables such as DRIFTGATE_GATEWAY_KAFKA_LINGER_MS; application.yml maps the
 * shared names such as DRIFTGATE_KAFKA_BOOTSTRAP onto them). They are
 * checked and combined with config/shadow_config.yaml into {@link GatewaySettings}.
 */
@ConfigurationProperties("driftgate.gateway")
public record GatewayProperties(
        @Bindable(defaultValue = "config") String configDir,
        @Bindable(defaultValue = "") String samplingKey,
        @Bindable(defaultValue = "") String apiKeys,
        // with API keys set, /prometheus needs the token too unless this is true
        @Bindable(defaultValue = "false") boolean prometheusPublic,
        @Bindable(defaultValue = "127.0.0.1:9092") String kafkaBootstrapServers,
        @Bindable(defaultValue = "250") int kafkaMaxBlockMs,
        @Bindable(defaultValue = "8388608") long kafkaBufferMemory,
        // 50 ms, not 5: shadow events wait for minute-long drift windows anyway, and fewer, larger
        // produce requests halved the gateway's CPU per request at 100% sampling (benchmarks/gateway.md)
        @Bindable(defaultValue = "50") int kafkaLingerMs,
        @Bindable(defaultValue = "2000") int kafkaRequestTimeoutMs,
        @Bindable(defaultValue = "5000") int kafkaDeliveryTimeoutMs,
        @Bindable(defaultValue = "10000") int publishQueueCapacity,
        // 32 MiB of queued events: with the producer's 8 MiB buffer, ~40 MiB of the 512 MB heap at most
        @Bindable(defaultValue = "33554432") long publishQueueMaxBytes,
        @Bindable(defaultValue = "") String productionModel,
        @Bindable(defaultValue = "http://127.0.0.1:8089/v1") String modelBaseUrl,
        @Bindable(defaultValue = "") String modelApiKey,
        @Bindable(defaultValue = "30000") int modelTimeoutMs,
        @Bindable(defaultValue = "64") int maxConcurrentModelCalls,
        @Bindable(defaultValue = "1") int overloadRetryAfterSeconds,
        @Bindable(defaultValue = "60000") long breakerWindowMs,
        @Bindable(defaultValue = "5") int breakerMinFailures,
        @Bindable(defaultValue = "0.5") double breakerFailureRatio,
        @Bindable(defaultValue = "30000") long breakerOpenMs,
        @Bindable(defaultValue = "other") String unknownCategory,
        @Bindable(defaultValue = "") String shadowPct,
        // secret (DRIFTGATE_PAYLOAD_KEYS): kid:base64key,... that seal shadow payloads; empty = plaintext
        @Bindable(defaultValue = "") String payloadKeys,
        @Bindable(defaultValue = "") String payloadKeyId) {
}
