package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /v1/traces and /v1/logs are behind the same deny-by-default bearer auth as every other path, spellings included. */
class OtlpAuthTest {
    private static GatewayUnderTest gateway;

    @BeforeAll
    static void start() {
        // no broker: auth is decided before anything is published
        gateway = GatewayUnderTest.start("http://127.0.0.1:9/v1", "127.0.0.1:9",
                Map.of("driftgate.gateway.api-keys", "otlp-key", "driftgate.gateway.kafka-max-block-ms", "50"));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void tracesNeedTheKey() {
        String empty = "{\"resourceSpans\":[]}";
        assertThat(gateway.post("/v1/traces", "application/json", empty).statusCode()).isEqualTo(401);
        assertThat(gateway.post("/v1/traces/", "application/json", empty).statusCode()).isEqualTo(401);
        assertThat(gateway.post("/v1/%74races", "application/json", empty).statusCode()).isEqualTo(401);
        assertThat(gateway.post("/v1/traces", "application/json", empty, "Authorization", "Bearer wrong")
                .statusCode()).isEqualTo(401);
        assertThat(gateway.post("/v1/traces", "application/json", empty, "Authorization", "Bearer otlp-key")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void logsNeedTheKey() {
        String empty = "{\"resourceLogs\":[]}";
        assertThat(gateway.post("/v1/logs", "application/json", empty).statusCode()).isEqualTo(401);
        assertThat(gateway.post("/v1/logs/", "application/json", empty).statusCode()).isEqualTo(401);
        assertThat(gateway.post("/v1/%6Cogs", "application/json", empty).statusCode()).isEqualTo(401);
        assertThat(gateway.post("/v1/logs", "application/json", empty, "Authorization", "Bearer otlp-key")
                .statusCode()).isEqualTo(200);
    }
}
