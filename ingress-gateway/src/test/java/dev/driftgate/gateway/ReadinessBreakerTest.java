package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 18 item 5: readiness follows the upstream's health over a window. A client-caused upstream
 * 4xx never takes the gateway out of rotation; repeated 5xx do, and it comes back on its own. No
 * upstream text reaches the 502 body or the unauthenticated /health.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadinessBreakerTest {
    private OpenAiStub model;
    private GatewayUnderTest gateway;

    @BeforeAll
    void start() throws Exception {
        model = new OpenAiStub();
        gateway = GatewayUnderTest.withoutKafka(model.baseUrl(), Map.of(
                "driftgate.gateway.breaker-window-ms", "10000",
                "driftgate.gateway.breaker-min-failures", "3",
                "driftgate.gateway.breaker-open-ms", "1500",
                // two permits: the 22 failed calls below would leave none if an error kept its permit
                "driftgate.gateway.max-concurrent-model-calls", "2"));
    }

    @AfterAll
    void stop() {
        gateway.close();
        model.close();
    }

    @Test
    void clientCausedUpstreamErrorsNeverTakeTheGatewayOutAndLeakNoUpstreamText() {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = gateway.postJson("/chat", Map.of("prompt", "max_tokens 100000 "
                    + OpenAiStub.CLIENT_ERROR + " " + i));
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.body()).doesNotContain(OpenAiStub.UPSTREAM_SECRET).doesNotContain("max_tokens is too large");
            assertThat(GatewayUnderTest.json(r).get("detail").asText()).contains("rejected the request");
        }
        HttpResponse<String> health = gateway.get("/health/readiness");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).doesNotContain(OpenAiStub.UPSTREAM_SECRET);
    }

    @Test
    void repeatedUpstreamFailuresOpenTheBreakerWhichRecoversOnItsOwn() throws Exception {
        HttpResponse<String> r = null;
        // 12 upstream 5xx: at least 3 and at least half of the window, whatever ran before
        for (int i = 0; i < 12; i++) {
            r = gateway.postJson("/chat", Map.of("prompt", "please " + OpenAiStub.FAIL + " " + i));
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.body()).doesNotContain(OpenAiStub.UPSTREAM_SECRET).doesNotContain("simulated outage");
        }
        HttpResponse<String> down = gateway.get("/health");
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        JsonNode body = GatewayUnderTest.json(down);
        assertThat(body.get("readiness").asText()).isEqualTo("DOWN");
        assertThat(body.get("model").get("state").asText()).isEqualTo("DOWN");
        assertThat(down.body()).doesNotContain(OpenAiStub.UPSTREAM_SECRET).doesNotContain("simulated outage")
                .doesNotContain("Exception");
        // no traffic at all (the pod is out of rotation): readiness must come back by itself
        long deadline = System.currentTimeMillis() + 10_000;
        int status = 503;
        while (status != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            status = gateway.get("/health/readiness").statusCode();
        }
        assertThat(status).as("readiness recovered without a successful call").isEqualTo(200);
        assertThat(gateway.postJson("/chat", Map.of("prompt", "fine again")).statusCode()).isEqualTo(200);
        assertThat(GatewayUnderTest.json(gateway.get("/health")).get("model").get("state").asText()).isEqualTo("UP");
    }
}
