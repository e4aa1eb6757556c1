package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every bad input gets a 400 RFC 9457 problem naming the field; model failures a 502; unknown
 * routes a 404 problem; bearer auth on and off. Kafka points at a closed port here: requests must
 * not care.
 */
class BadInputAndAuthTest {
    private static OpenAiStub model;
    private static GatewayUnderTest open;
    private static GatewayUnderTest locked;

    @BeforeAll
    static void start() throws Exception {
        model = new OpenAiStub();
        open = GatewayUnderTest.withoutKafka(model.baseUrl(), Map.of());
        locked = GatewayUnderTest.withoutKafka(model.baseUrl(),
                Map.of("driftgate.gateway.api-keys", "key-one, key-two"));
    }

    @AfterAll
    static void stop() {
        locked.close();
        open.close();
        model.close();
    }

    @Test
    void malformedJson() {
        HttpResponse<String> r = open.post("/chat", "application/json", "{\"prompt\": \"hi\"");
        assertProblem(r, 400, "https://driftgate.dev/problems/malformed-json", "Malformed JSON body", "body",
                "not valid JSON at line 1");
    }

    @Test
    void bodyNotAnObject() {
        assertProblem(open.post("/chat", "application/json", "[\"hi\"]"), 400,
                "https://driftgate.dev/problems/malformed-json", "Malformed JSON body", "body", "must be a JSON object");
    }

    @Test
    void emptyBody() {
        assertProblem(open.post("/chat", "application/json", ""), 400,
                "https://driftgate.dev/problems/malformed-json", "Malformed JSON body", "body", "empty");
    }

    @Test
    void missingPrompt() {
        assertProblem(open.postJson("/chat", Map.of("category", "x")), 400,
                "https://driftgate.dev/problems/invalid-field", "Invalid request field", "prompt", "prompt is required");
    }

    @Test
    void blankPrompt() {
        assertProblem(open.postJson("/chat", Map.of("prompt", "  \n\t")), 400,
                "https://driftgate.dev/problems/invalid-field", "Invalid request field", "prompt", "must not be blank");
    }

    @Test
    void promptNotAString() {
        assertProblem(open.postJson("/chat", Map.of("prompt", 42)), 400,
                "https://driftgate.dev/problems/invalid-field", "Invalid request field", "prompt",
                "must be a string, got number");
    }

    @Test
    void unknownProperty() {
        assertProblem(open.postJson("/chat", Map.of("prompt", "hello there", "promt", "typo")), 400,
                "https://driftgate.dev/problems/invalid-field", "Invalid request field", "promt",
                "unknown property 'promt'");
    }

    @Test
    void metadataNotAnObject() {
        assertProblem(open.postJson("/chat", Map.of("prompt", "hello there", "metadata", "x")), 400,
                "https://driftgate.dev/problems/invalid-field", "Invalid request field", "metadata", "JSON object");
    }

    @Test
    void promptOverTheLimitCountsUtf8Bytes() {
        String prompt = "é".repeat(32 * 1024 + 1); // 65,538 bytes of UTF-8, 32,769 chars
        assertProblem(open.postJson("/chat", Map.of("prompt", prompt)), 400,
                "https://driftgate.dev/problems/prompt-too-large", "Prompt too large", "prompt",
                "65538 bytes of UTF-8; the limit (max_prompt_bytes) is 65536");
        HttpResponse<String> atLimit = open.postJson("/chat", Map.of("prompt", "é".repeat(32 * 1024)));
        assertThat(atLimit.statusCode()).isEqualTo(200);
    }

    @Test
    void wrongContentType() {
        assertProblem(open.post("/chat", "text/plain", "{\"prompt\":\"hello there\"}"), 400,
                "https://driftgate.dev/problems/unsupported-content-type", "Unsupported content type",
                "Content-Type", "got text/plain");
        assertProblem(open.post("/chat", null, "{\"prompt\":\"hello there\"}"), 400,
                "https://driftgate.dev/problems/unsupported-content-type", "Unsupported content type",
                "Content-Type", "no Content-Type");
        assertThat(open.post("/chat", "application/json; charset=utf-8", "{\"prompt\":\"hello there\"}")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void completionsBadInputs() {
        assertProblem(open.postJson("/v1/chat/completions", Map.of("model", "x")), 400,
                "https://driftgate.dev/problems/invalid-field", "Invalid request field", "messages", "non-empty array");
        assertProblem(open.postJson("/v1/chat/completions",
                        Map.of("messages", List.of(Map.of("role", "system", "content", "be nice")))), 400,
                "https://driftgate.dev/problems/invalid-field", "Invalid request field", "messages",
                "must contain a user message");
        assertProblem(open.postJson("/v1/chat/completions",
                        Map.of("messages", List.of(Map.of("role", "user", "content", " ")))), 400,
                "https://driftgate.dev/problems/invalid-field", "Invalid request field", "messages[0].content",
                "must not be blank");
        assertProblem(open.postJson("/v1/chat/completions",
                        Map.of("messages", List.of(Map.of("role", "wizard", "content", "hi")))), 400,
                "https://driftgate.dev/problems/invalid-field", "Invalid request field", "messages[0].role",
                "must be one of");
        assertProblem(open.postJson("/v1/chat/completions",
                        Map.of("messages", List.of(Map.of("role", "user", "content", "x".repeat(65537))))), 400,
                "https://driftgate.dev/problems/prompt-too-large", "Prompt too large", "messages[0].content",
                "65537 bytes");
        assertProblem(open.post("/v1/chat/completions", "text/plain", "hi"), 400,
                "https://driftgate.dev/problems/unsupported-content-type", "Unsupported content type",
                "Content-Type", "text/plain");
        assertProblem(open.post("/v1/chat/completions", "application/json", "{"), 400,
                "https://driftgate.dev/problems/malformed-json", "Malformed JSON body", "body", "not valid JSON");
    }

    @Test
    void modelFailureIs502WithoutStackTraceOrUpstreamText() {
        HttpResponse<String> r = open.postJson("/chat", Map.of("prompt", "please " + OpenAiStub.FAIL));
        JsonNode p = assertProblem(r, 502, "https://driftgate.dev/problems/model-error",
                "Production model call failed", null, "the production model failed to answer (upstream HTTP 500)");
        assertThat(r.body()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("simulated outage");
        assertThat(p.has("field")).isFalse();
        // one failure is not an outage: readiness follows a window of calls (ReadinessBreakerTest)
        JsonNode health = GatewayUnderTest.json(open.get("/health"));
        assertThat(health.get("readiness").asText()).isEqualTo("UP");
        assertThat(open.postJson("/chat", Map.of("prompt", "fine again")).statusCode()).isEqualTo(200);
        assertThat(GatewayUnderTest.json(open.get("/health")).get("model").get("state").asText()).isEqualTo("UP");
    }

    @Test
    void unknownRouteIsA404Problem() {
        HttpResponse<String> r = open.get("/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = GatewayUnderTest.json(r);
        assertThat(p.get("status").asInt()).isEqualTo(404);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("type").asText()).isEqualTo("about:blank");
    }

    @Test
    void authOffAnswersWithoutAKey() {
        HttpResponse<String> r = open.postJson("/chat", Map.of("prompt", "no key needed"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(GatewayUnderTest.json(r).get("response").asText()).isEqualTo(OpenAiStub.answerTo("no key needed"));
    }

    @Test
    void authOnRefusesMissingAndWrongKeys() {
        HttpResponse<String> none = locked.postJson("/chat", Map.of("prompt", "hello there"));
        assertProblem(none, 401, "https://driftgate.dev/problems/unauthorized", "Missing or invalid API key",
                "Authorization", "Bearer");
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertProblem(locked.postJson("/chat", Map.of("prompt", "hello there"), "Authorization", "Bearer nope"),
                401, "https://driftgate.dev/problems/unauthorized", "Missing or invalid API key", "Authorization",
                "not valid");
        assertProblem(locked.postJson("/v1/chat/completions",
                        Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))),
                        "Authorization", "Basic a2V5LW9uZQ=="), 401,
                "https://driftgate.dev/problems/unauthorized", "Missing or invalid API key", "Authorization", "Bearer");
        int before = model.calls.get();
        locked.postJson("/chat", Map.of("prompt", "hello there"));
        assertThat(model.calls.get()).as("a refused request never reaches the model").isEqualTo(before);
    }

    @Test
    void authOnAcceptsEveryConfiguredKeyAndLeavesOnlyHealthOpen() {
        assertThat(locked.postJson("/chat", Map.of("prompt", "hello there"), "Authorization", "Bearer key-one")
                .statusCode()).isEqualTo(200);
        assertThat(locked.postJson("/v1/chat/completions",
                Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))),
                "Authorization", "Bearer key-two").statusCode()).isEqualTo(200);
        assertThat(locked.get("/health").statusCode()).isEqualTo(200);
        // metrics name routes, models and drop counts: behind the key unless prometheus-public is set
        assertThat(locked.get("/prometheus").statusCode()).isEqualTo(401);
    }

    static JsonNode assertProblem(HttpResponse<String> r, int status, String type, String title, String field,
                                  String detailContains) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = GatewayUnderTest.json(r);
        assertThat(p.get("type").asText()).isEqualTo(type);
        assertThat(p.get("title").asText()).isEqualTo(title);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asText()).contains(detailContains);
        if (field != null) {
            assertThat(p.get("field").asText()).isEqualTo(field);
        }
        return p;
    }
}
