package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.driftgate.gateway.config.GatewayProperties;
import dev.driftgate.gateway.config.GatewaySettings;
import dev.driftgate.gateway.config.GatewaySettingsLoader;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Settings bind from Micronaut properties, merge config/shadow_config.yaml, and refuse bad values by key. */
class GatewaySettingsTest {

    private static GatewaySettings load(Map<String, Object> props) {
        Map<String, Object> all = new java.util.HashMap<>(Map.of("driftgate.gateway.config-dir", "../config"));
        all.putAll(props);
        try (ApplicationContext ctx = ApplicationContext.builder().properties(all).start()) {
            return GatewaySettingsLoader.load(ctx.getBean(GatewayProperties.class));
        }
    }

    @Test
    void readsShadowConfigAndDefaults() {
        GatewaySettings s = load(Map.of());
        assertThat(s.shadowPct()).isEqualTo(5.0);
        assertThat(s.productionModel()).isEqualTo("openai/sim-good");
        assertThat(s.candidateModel()).isEqualTo("openai/sim-candidate");
        assertThat(s.maxPromptBytes()).isEqualTo(65536);
        assertThat(s.kafka().topic()).isEqualTo("driftgate.shadow.requests");
        assertThat(s.devSamplingKey()).isTrue();
        assertThat(s.samplingKey()).isEqualTo(GatewaySettings.DEV_SAMPLING_KEY);
        assertThat(s.authEnabled()).isFalse();
        assertThat(s.model().provider()).isEqualTo("openai");
        assertThat(s.model().modelName()).isEqualTo("sim-good");
        assertThat(s.model().baseUrl()).hasToString("http://127.0.0.1:8089/v1");
        assertThat(s.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void overridesAndApiKeys() {
        GatewaySettings s = load(Map.of("driftgate.gateway.sampling-key", "s3cret", "driftgate.gateway.shadow-pct",
                "100", "driftgate.gateway.api-keys", " a , b,,", "driftgate.gateway.production-model", "echo/bench",
                "driftgate.gateway.model-api-key", "sk-very-secret"));
        assertThat(s.devSamplingKey()).isFalse();
        assertThat(s.shadowPct()).isEqualTo(100.0);
        assertThat(s.apiKeys()).containsExactlyInAnyOrder("a", "b");
        assertThat(s.model().provider()).isEqualTo("echo");
        assertThat(s.toString()).doesNotContain("s3cret").doesNotContain("sk-very-secret");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> load(Map.of("driftgate.gateway.shadow-pct", "150")))
                .hasMessageContaining("shadow_pct").hasMessageContaining("[0, 100]");
        assertThatThrownBy(() -> load(Map.of("driftgate.gateway.shadow-pct", "lots")))
                .hasMessageContaining("driftgate.gateway.shadow-pct");
        assertThatThrownBy(() -> load(Map.of("driftgate.gateway.production-model", "gpt4")))
                .hasMessageContaining("production_model");
        assertThatThrownBy(() -> load(Map.of("driftgate.gateway.kafka-delivery-timeout-ms", "10")))
                .hasMessageContaining("driftgate.gateway.kafka-delivery-timeout-ms");
        assertThatThrownBy(() -> load(Map.of("driftgate.gateway.publish-queue-capacity", "0")))
                .hasMessageContaining("driftgate.gateway.publish-queue-capacity");
        assertThatThrownBy(() -> load(Map.of("driftgate.gateway.config-dir", "no/such/dir")))
                .hasMessageContaining("no/such/dir/dataset_config.yaml: cannot read");
    }

    @Test
    void credentialsInTheModelBaseUrlNeverReachTheLog() {
        // issue 18 item 4: the settings line at INFO printed user:password@ of the model URL
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger beans = (Logger) LoggerFactory.getLogger(GatewayBeans.class);
        beans.addAppender(log);
        Map<String, Object> props = new java.util.HashMap<>(Map.of("driftgate.gateway.config-dir", "../config",
                "driftgate.gateway.model-base-url", "https://bot:hunter2@llm.example/v1?api_key=sk-q-secret",
                "driftgate.gateway.model-api-key", "sk-very-secret"));
        try (ApplicationContext ctx = ApplicationContext.builder().properties(props).start()) {
            GatewaySettings settings = ctx.getBean(GatewaySettings.class);
            assertThat(settings.model().baseUrl().getUserInfo()).as("the client still gets it").isEqualTo("bot:hunter2");
        } finally {
            beans.detachAppender(log);
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).startsWith("gateway settings:").contains("llm.example"))
                .allSatisfy(m -> assertThat(m).doesNotContain("hunter2", "sk-q-secret", "sk-very-secret"));
    }
}
