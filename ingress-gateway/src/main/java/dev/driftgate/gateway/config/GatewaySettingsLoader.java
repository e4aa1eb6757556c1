package dev.driftgate.gateway.config;

import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.ShadowConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** Combines config/*.yaml (the single source of truth) with the gateway's deployment keys. */
public final class GatewaySettingsLoader {
    private GatewaySettingsLoader() {
    }

    public static GatewaySettings load(GatewayProperties p) {
        DriftgateConfig config = new ConfigLoader().load(Path.of(p.configDir()));
        ShadowConfig shadow = config.shadow();
        boolean devKey = p.samplingKey() == null || p.samplingKey().isEmpty();
        String productionModel = blank(p.productionModel()) ? shadow.productionModel() : p.productionModel();
        double pct = blank(p.shadowPct()) ? shadow.shadowPct() : parsePct(p.shadowPct());
        int slash = productionModel == null ? -1 : productionModel.indexOf('/');
        String provider = slash > 0 ? productionModel.substring(0, slash) : "";
        String name = slash > 0 ? productionModel.substring(slash + 1) : "";
        GatewaySettings.ModelEndpoint endpoint = new GatewaySettings.ModelEndpoint(provider, name,
                URI.create(p.modelBaseUrl()), blank(p.modelApiKey()) ? "not-needed" : p.modelApiKey(),
                p.modelTimeoutMs());
        GatewaySettings.KafkaSettings kafka = new GatewaySettings.KafkaSettings(p.kafkaBootstrapServers(),
                shadow.kafka().requestsTopic(), p.kafkaMaxBlockMs(), p.kafkaBufferMemory(), p.kafkaLingerMs(),
                p.kafkaRequestTimeoutMs(), p.kafkaDeliveryTimeoutMs(), p.publishQueueCapacity(),
                p.publishQueueMaxBytes());
        Set<String> categories = new LinkedHashSet<>(config.dataset().categories().keySet());
        categories.add(GatewaySettings.DEFAULT_CATEGORY);
        GatewaySettings.BreakerSettings breaker = new GatewaySettings.BreakerSettings(p.breakerWindowMs(),
                p.breakerMinFailures(), p.breakerFailureRatio(), p.breakerOpenMs());
        return new GatewaySettings(devKey ? GatewaySettings.DEV_SAMPLING_KEY : p.samplingKey(), devKey, pct,
                productionModel, shadow.candidateModel(), shadow.maxPromptBytes(),
                config.modelVersion().systemPrompt(), GatewaySettings.parseApiKeys(p.apiKeys()), p.prometheusPublic(),
                categories, p.unknownCategory(), p.maxConcurrentModelCalls(), p.overloadRetryAfterSeconds(), breaker,
                kafka, endpoint);
    }

    private static double parsePct(String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid gateway setting driftgate.gateway.shadow-pct: not a number: "
                    + value);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
