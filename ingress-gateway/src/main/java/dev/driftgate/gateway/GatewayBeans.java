package dev.driftgate.gateway;

import dev.driftgate.core.sampling.PromptSampler;
import dev.driftgate.core.text.Redaction;
import dev.driftgate.gateway.config.GatewayProperties;
import dev.driftgate.gateway.config.GatewaySettings;
import dev.driftgate.gateway.config.GatewaySettingsLoader;
import dev.driftgate.gateway.model.EchoModel;
import dev.driftgate.gateway.model.ModelHealth;
import dev.driftgate.gateway.model.CoreModelClientModel;
import dev.driftgate.gateway.model.ProductionModel;
import dev.driftgate.gateway.http.BearerTokens;
import dev.driftgate.gateway.otlp.OtlpBodies;
import dev.driftgate.gateway.otlp.OtlpGrpcReceiver;
import dev.driftgate.gateway.otlp.OtlpIngest;
import dev.driftgate.gateway.shadow.KafkaShadowPublisher;
import dev.driftgate.gateway.shadow.ShadowEventEncoder;
import dev.driftgate.gateway.shadow.ShadowPublisher;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.server.HttpServerConfiguration;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the plain-Java collaborators; everything Micronaut-specific stays in this package. */
@Factory
public class GatewayBeans {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayBeans.class);
    /** Span keys remembered for idempotency (~100 bytes each: about 10 MB at most). */
    private static final int OTLP_RECENT_IDS = 100_000;
    /** The OpenTelemetry Collector's own default limit for an OTLP/HTTP request body. */
    private static final int OTLP_MAX_DECOMPRESSED_BYTES = 20 * 1024 * 1024;
    /** Spans and log-record groups waiting in the traces/logs join, and their approximate bytes. */
    private static final int OTLP_JOIN_MAX_ENTRIES = 20_000;
    private static final long OTLP_JOIN_MAX_BYTES = 64L * 1024 * 1024;

    /** Eager, so a bad setting stops the gateway at start with a message naming the key. */
    @Context
    GatewaySettings settings(GatewayProperties properties) {
        GatewaySettings settings = GatewaySettingsLoader.load(properties);
        if (settings.devSamplingKey()) {
            LOG.warn("DRIFTGATE_SAMPLING_KEY is not set: using the documented development sampling key; "
                    + "set a secret key in production so prompt hashes cannot be recomputed by others");
        }
        // toString leaves out keys; Redaction also catches credentials inside any URL it prints
        LOG.info("gateway settings: {}", Redaction.redact(settings.toString()));
        return settings;
    }

    @Singleton
    PrometheusMeterRegistry meterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Singleton
    PromptSampler sampler(GatewaySettings settings) {
        return new PromptSampler(settings.samplingKey().getBytes(StandardCharsets.UTF_8), settings.shadowPct());
    }

    @Singleton
    @Bean(preDestroy = "close")
    ProductionModel productionModel(GatewaySettings settings) {
        GatewaySettings.ModelEndpoint endpoint = settings.model();
        return switch (endpoint.provider()) {
            case "openai", "anthropic" -> CoreModelClientModel.create(endpoint);
            case "echo" -> new EchoModel(endpoint.modelName());
            default -> throw new IllegalArgumentException("invalid gateway setting production_model: provider '"
                    + endpoint.provider() + "' is not supported by the gateway (use openai/<model> for any "
                    + "OpenAI-compatible endpoint, anthropic/<model>, or echo/<name> for the zero-latency "
                    + "benchmark model)");
        };
    }

    @Singleton
    @Bean(preDestroy = "close")
    ShadowPublisher shadowPublisher(GatewaySettings settings, GatewayProperties properties,
                                    PrometheusMeterRegistry registry) {
        return new KafkaShadowPublisher(settings.kafka(),
                ShadowEventEncoder.from(properties.payloadKeys(), properties.payloadKeyId()), registry);
    }

    @Singleton
    ModelHealth modelHealth(GatewaySettings settings) {
        return new ModelHealth(settings.breaker());
    }

    @Singleton
    ChatService chatService(ProductionModel model, PromptSampler sampler, ShadowPublisher publisher,
                            ModelHealth health, GatewaySettings settings, PrometheusMeterRegistry registry) {
        return new ChatService(model, sampler, publisher, health, settings.candidateModel(),
                settings.categories(), settings.unknownCategory(), registry);
    }

    /**
     * {@code driftgate.gateway.otlp-join-window} (default 30s): how long a GenAI span without content waits
     * for the log records that carry it, and log records for their span.
     */
    @Singleton
    @Bean(preDestroy = "close")
    OtlpIngest otlpIngest(PromptSampler sampler, ShadowPublisher publisher, GatewaySettings settings,
                          PrometheusMeterRegistry registry,
                          @Value("${driftgate.gateway.otlp-join-window:30s}") Duration joinWindow) {
        if (joinWindow.isNegative() || joinWindow.isZero()) {
            throw new IllegalArgumentException("invalid gateway setting driftgate.gateway.otlp-join-window: "
                    + "must be positive, got " + joinWindow);
        }
        return OtlpIngest.withJoin(sampler, publisher, settings.candidateModel(), settings.categories(),
                settings.unknownCategory(), OTLP_RECENT_IDS, registry, joinWindow, OTLP_JOIN_MAX_ENTRIES,
                OTLP_JOIN_MAX_BYTES).sweepEvery(joinWindow.dividedBy(10));
    }

    @Singleton
    OtlpBodies otlpBodies() {
        return new OtlpBodies(OTLP_MAX_DECOMPRESSED_BYTES);
    }

    /**
     * OTLP/gRPC on {@code driftgate.gateway.otlp-grpc-port} (default 4317, 0 or -1 a free port), bound to the
     * HTTP server's host, started with the context (eager) and stopped with it; off with
     * {@code driftgate.gateway.otlp-grpc-enabled=false}. A message may be as large as an HTTP request body
     * ({@code micronaut.server.max-request-size}), so neither transport takes what the other refuses.
     */
    @Context
    @Requires(property = "driftgate.gateway.otlp-grpc-enabled", notEquals = "false")
    @Bean(preDestroy = "close")
    OtlpGrpcReceiver otlpGrpcReceiver(OtlpIngest ingest, GatewaySettings settings, HttpServerConfiguration http,
                                      @Value("${driftgate.gateway.otlp-grpc-port:4317}") int port) {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("invalid gateway setting driftgate.gateway.otlp-grpc-port: "
                    + "must be between 1 and 65535 (0 or -1 for a free port), got " + port);
        }
        long maxBytes = Math.min(Integer.MAX_VALUE, http.getMaxRequestSize());
        return OtlpGrpcReceiver.start(http.getHost().orElse("0.0.0.0"), Math.max(0, port), (int) maxBytes, ingest,
                new BearerTokens(settings.apiKeys()));
    }
}
