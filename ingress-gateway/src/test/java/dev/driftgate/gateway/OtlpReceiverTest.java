package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/traces on the real gateway and a real Kafka broker: the official Java SDK's OTLP/HTTP
 * protobuf exporter sending hand-set GenAI attributes (current semconv, OpenLLMetry, OpenInference),
 * OTLP/JSON by hand for the encoding's details, and the bad inputs the specification names.
 */
class OtlpReceiverTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalKafkaBroker broker;
    private static GatewayUnderTest gateway;
    private static ShadowEvents events;

    @BeforeAll
    static void start() throws Exception {
        broker = TestResources.freshBroker("kafka-otlp", 1);
        // the model is never called: traced calls were answered by the team's own production path
        gateway = GatewayUnderTest.start("http://127.0.0.1:9/v1", broker.bootstrapServers(),
                // a short join window: a span without content is counted not evaluable after it
                Map.of("driftgate.gateway.shadow-pct", "100", "driftgate.gateway.otlp-join-window", "1s"));
        events = new ShadowEvents(broker.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        TestResources.closeAll(events, gateway, broker);
    }

    private static final String INPUT = """
            [{"role":"system","parts":[{"type":"text","content":"You are terse."}]},
             {"role":"user","parts":[{"type":"text","content":"otlp semconv: name a prime"}]},
             {"role":"assistant","parts":[{"type":"text","content":"7"}]},
             {"role":"user","parts":[{"type":"text","content":"otlp semconv: and a larger one?"}]}]""";
    private static final String OUTPUT = """
            [{"role":"assistant","parts":[{"type":"text","content":"11"}],"finish_reason":"stop"}]""";

    @Test
    void javaSdkExporterSpansBecomeEventsWithTheWholeConversation() throws Exception {
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
                        .setEndpoint(gateway.uri("/v1/traces").toString()).build())).build()) {
            Tracer tracer = provider.get("otlp-test");
            double before = gateway.metric("driftgate_gateway_otlp_spans_total{result=\"ignored\"}");
            Span http = tracer.spanBuilder("GET /users").setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.request.method", "GET").startSpan();
            http.end();
            long start = System.nanoTime();
            Span chat = tracer.spanBuilder("chat gpt-4o-mini").setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(1_700_000_000_000L, TimeUnit.MILLISECONDS)
                    .setAllAttributes(Attributes.builder()
                            .put("gen_ai.operation.name", "chat").put("gen_ai.provider.name", "openai")
                            .put("gen_ai.request.model", "gpt-4o-mini").put("gen_ai.response.model", "gpt-4o-mini-2024")
                            .put("gen_ai.request.temperature", 0.3).put("gen_ai.request.top_p", 0.9)
                            .put("gen_ai.request.max_tokens", 77L).put("gen_ai.request.seed", 42L)
                            .put(AttributeKey.stringArrayKey("gen_ai.request.stop_sequences"), List.of("END", "STOP"))
                            .put("gen_ai.usage.input_tokens", 31L).put("gen_ai.usage.output_tokens", 2L)
                            .put("gen_ai.input.messages", INPUT).put("gen_ai.output.messages", OUTPUT)
                            .put("driftgate.category", "reasoning").build()).startSpan();
            chat.end(1_700_000_000_250L, TimeUnit.MILLISECONDS);
            Span noContent = tracer.spanBuilder("chat gpt-4o-mini").setAttribute("gen_ai.operation.name", "chat")
                    .setAttribute("gen_ai.request.model", "gpt-4o-mini").startSpan();
            noContent.end();
            provider.forceFlush().join(10, TimeUnit.SECONDS);

            ShadowRequestEvent event = eventWithPrompt("otlp semconv: and a larger one?");
            assertThat(event.source()).isEqualTo("otlp");
            assertThat(event.endpoint()).isEqualTo("/v1/traces");
            assertThat(event.prodModel()).isEqualTo("gpt-4o-mini");
            assertThat(event.prodResponse()).isEqualTo("11");
            assertThat(event.prodLatencyMs()).isEqualTo(250);
            assertThat(event.ts()).isEqualTo(1_700_000_000_250L);
            assertThat(event.category()).isEqualTo("reasoning");
            assertThat(event.messages()).extracting(m -> m.role() + ":" + m.content()).containsExactly(
                    "system:You are terse.", "user:otlp semconv: name a prime", "assistant:7",
                    "user:otlp semconv: and a larger one?");
            assertThat(event.params().temperature()).isEqualTo(0.3);
            assertThat(event.params().topP()).isEqualTo(0.9);
            assertThat(event.params().maxTokens()).isEqualTo(77);
            assertThat(event.params().seed()).isEqualTo(42);
            assertThat(event.params().stop()).containsExactly("END", "STOP");
            assertThat(event.usage().inputTokens()).isEqualTo(31);
            assertThat(event.usage().outputTokens()).isEqualTo(2);
            assertThat(gateway.metric("driftgate_gateway_otlp_spans_total{result=\"ignored\"}")).isEqualTo(before + 1);
            // it waited for log records that might carry its content, for the join window (1 s here)
            await().atMost(10, TimeUnit.SECONDS).ignoreExceptions().until(() ->
                    gateway.metric("driftgate_gateway_otlp_not_evaluable_total{reason=\"no_input_messages\"}") >= 1);
            assertThat(System.nanoTime() - start).isPositive();
        }
    }

    @Test
    void openLlmetryAndOpenInferenceAttributesAreRead() throws Exception {
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
                        .setEndpoint(gateway.uri("/v1/traces").toString()).setCompression("gzip").build())).build()) {
            Tracer tracer = provider.get("otlp-test");
            tracer.spanBuilder("openai.chat").setAllAttributes(Attributes.builder()
                    .put("llm.request.type", "chat").put("gen_ai.system", "openai")
                    .put("gen_ai.request.model", "gpt-4o").put("gen_ai.request.temperature", 0.0)
                    .put("gen_ai.prompt.0.role", "system").put("gen_ai.prompt.0.content", "Be brief.")
                    .put("gen_ai.prompt.1.role", "user").put("gen_ai.prompt.1.content", "otlp openllmetry: hi")
                    .put("gen_ai.completion.0.role", "assistant").put("gen_ai.completion.0.content", "hello")
                    .put("gen_ai.usage.prompt_tokens", 9L).put("gen_ai.usage.completion_tokens", 1L).build())
                    .startSpan().end();
            tracer.spanBuilder("ChatCompletion").setAllAttributes(Attributes.builder()
                    .put("openinference.span.kind", "LLM").put("llm.model_name", "gpt-4o")
                    .put("llm.invocation_parameters", "{\"temperature\":0.5,\"max_tokens\":64,\"stop\":\"END\"}")
                    .put("llm.input_messages.0.message.role", "system")
                    .put("llm.input_messages.0.message.content", "Be kind.")
                    .put("llm.input_messages.1.message.role", "user")
                    .put("llm.input_messages.1.message.content", "otlp openinference: hi")
                    .put("llm.output_messages.0.message.role", "assistant")
                    .put("llm.output_messages.0.message.content", "hi there")
                    .put("llm.token_count.prompt", 12L).put("llm.token_count.completion", 2L).build())
                    .startSpan().end();
            provider.forceFlush().join(10, TimeUnit.SECONDS);
        }
        ShadowRequestEvent openLlmetry = eventWithPrompt("otlp openllmetry: hi");
        assertThat(openLlmetry.messages()).extracting(m -> m.role() + ":" + m.content())
                .containsExactly("system:Be brief.", "user:otlp openllmetry: hi");
        assertThat(openLlmetry.prodResponse()).isEqualTo("hello");
        assertThat(openLlmetry.params().temperature()).isEqualTo(0.0);
        assertThat(openLlmetry.usage().inputTokens()).isEqualTo(9);
        ShadowRequestEvent openInference = eventWithPrompt("otlp openinference: hi");
        assertThat(openInference.messages()).extracting(m -> m.role() + ":" + m.content())
                .containsExactly("system:Be kind.", "user:otlp openinference: hi");
        assertThat(openInference.prodResponse()).isEqualTo("hi there");
        assertThat(openInference.params().temperature()).isEqualTo(0.5);
        assertThat(openInference.params().maxTokens()).isEqualTo(64);
        assertThat(openInference.params().stop()).containsExactly("END");
        assertThat(openInference.usage().outputTokens()).isEqualTo(2);
    }

    private static String jsonSpan(String traceId, String spanId, String prompt) {
        return """
                {"traceId":"%s","spanId":"%s","name":"chat m","kind":3,
                 "startTimeUnixNano":"1700000000000000000","endTimeUnixNano":1700000000100000000,
                 "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
                   {"key":"gen_ai.request.model","value":{"stringValue":"m"}},
                   {"key":"gen_ai.request.max_tokens","value":{"intValue":"50"}}],
                 "events":[{"name":"gen_ai.system.message","attributes":[{"key":"content","value":{"stringValue":"Sys."}}]},
                   {"name":"gen_ai.user.message","attributes":[{"key":"content","value":{"stringValue":"%s"}}]},
                   {"name":"gen_ai.choice","attributes":[{"key":"index","value":{"intValue":0}},
                     {"key":"message","value":{"kvlistValue":{"values":[{"key":"role","value":{"stringValue":"assistant"}},
                       {"key":"content","value":{"stringValue":"ok"}}]}}}]}]}""".formatted(traceId, spanId, prompt);
    }

    private static String jsonRequest(String... spans) {
        return "{\"resourceSpans\":[{\"resource\":{},\"scopeSpans\":[{\"scope\":{\"name\":\"t\"},\"spans\":["
                + String.join(",", spans) + "]}]}]}";
    }

    @Test
    void jsonBatchWithAnInvalidSpanIsAPartialSuccessAndAReSentSpanIsPublishedOnce() throws Exception {
        String good = jsonSpan("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174", "otlp json: legacy events");
        String badId = jsonSpan("xyz", "eee19b7ec3c1b175", "otlp json: never");
        HttpResponse<String> first = gateway.post("/v1/traces", "application/json", jsonRequest(good, badId));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode partial = GatewayUnderTest.json(first).get("partialSuccess");
        assertThat(partial.get("rejectedSpans").asText()).isEqualTo("1");
        assertThat(partial.get("errorMessage").asText()).contains("invalid trace id");
        // the exporter retries the same span (gzip this time): it must not be published again
        HttpResponse<String> again = send("application/json", "gzip", gzip(jsonRequest(good)));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(GatewayUnderTest.json(again).has("partialSuccess")).isFalse();

        ShadowRequestEvent event = eventWithPrompt("otlp json: legacy events");
        assertThat(event.messages()).extracting(m -> m.role() + ":" + m.content())
                .containsExactly("system:Sys.", "user:otlp json: legacy events");
        assertThat(event.prodResponse()).isEqualTo("ok");
        assertThat(event.params().maxTokens()).isEqualTo(50);
        assertThat(event.prodLatencyMs()).isEqualTo(100);
        List<ConsumerRecord<String, String>> all = events.drain(Duration.ofSeconds(2));
        assertThat(all.stream().filter(r -> r.value().contains("otlp json: legacy events")).count()).isEqualTo(1);
        assertThat(all.stream().filter(r -> r.value().contains("otlp json: never")).count()).isZero();
        assertThat(gateway.metric("driftgate_gateway_otlp_spans_total{result=\"duplicate\"}")).isEqualTo(1);
    }

    private static String jsonLog(String traceId, String spanId, String event, String body) {
        return """
                {"timeUnixNano":"1700000000100000000","traceId":"%s","spanId":"%s",
                 "attributes":[{"key":"event.name","value":{"stringValue":"%s"}}],
                 "body":{"kvlistValue":{"values":[%s]}}}""".formatted(traceId, spanId, event, body);
    }

    private static String content(String text) {
        return "{\"key\":\"content\",\"value\":{\"stringValue\":\"" + text + "\"}}";
    }

    /** POST /v1/logs: GenAI message records join their span (logs first here), with the traces' partial success. */
    @Test
    void logRecordsCarryTheContentOfTheirSpanWhicheverArrivesFirst() throws Exception {
        String trace = "6b8efff798038103d269b633813fc60c";
        String span = "fee19b7ec3c1b174";
        String logs = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":["
                + String.join(",", jsonLog(trace, span, "gen_ai.system.message", content("Be brief.")),
                jsonLog(trace, span, "gen_ai.user.message", content("otlp logs: hello")),
                jsonLog(trace, span, "gen_ai.choice", "{\"key\":\"message\",\"value\":{\"kvlistValue\":{\"values\":["
                        + content("hi there") + "]}}}"),
                jsonLog("xyz", span, "gen_ai.user.message", content("never"))) + "]}]}]}";
        HttpResponse<String> accepted = send("/v1/logs", "application/json", "gzip", gzip(logs));
        assertThat(accepted.statusCode()).isEqualTo(200);
        JsonNode partial = GatewayUnderTest.json(accepted).get("partialSuccess");
        assertThat(partial.get("rejectedLogRecords").asText()).isEqualTo("1");
        assertThat(partial.get("errorMessage").asText()).contains("log record").contains("invalid trace id");

        String chatSpan = """
                {"traceId":"%s","spanId":"%s","name":"chat m","startTimeUnixNano":"1700000000000000000",
                 "endTimeUnixNano":"1700000000300000000","attributes":[
                  {"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
                  {"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o-mini"}}]}""".formatted(trace, span);
        assertThat(gateway.post("/v1/traces", "application/json", jsonRequest(chatSpan)).statusCode()).isEqualTo(200);
        ShadowRequestEvent event = eventWithPrompt("otlp logs: hello");
        assertThat(event.messages()).extracting(m -> m.role() + ":" + m.content())
                .containsExactly("system:Be brief.", "user:otlp logs: hello");
        assertThat(event.prodResponse()).isEqualTo("hi there");
        assertThat(event.prodModel()).isEqualTo("gpt-4o-mini");
        assertThat(event.prodLatencyMs()).isEqualTo(300);

        HttpResponse<String> malformed = send("/v1/logs", "application/json", null,
                "{\"resourceLogs\":[".getBytes(StandardCharsets.UTF_8));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(GatewayUnderTest.json(malformed).get("code").asInt()).isEqualTo(3);
        HttpResponse<byte[]> protobuf = send("/v1/logs", "application/x-protobuf", null,
                new byte[] {0x0a, (byte) 0xff, (byte) 0xff, 0x01, 0x02}, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(protobuf.statusCode()).isEqualTo(400);
        assertThat(new String(protobuf.body(), StandardCharsets.UTF_8)).contains("ExportLogsServiceRequest");
        assertThat(send("/v1/logs", "text/plain", null, new byte[1]).statusCode()).isEqualTo(415);
        assertThat(gateway.get("/prometheus").body()).contains("route=\"/v1/logs\",status=\"400\"")
                .contains("driftgate_gateway_otlp_log_records_total{result=\"content\"}");
    }

    @Test
    void badInputGetsAnOtlpStatusNeverA500() throws Exception {
        HttpResponse<byte[]> protobuf = send("application/x-protobuf", null,
                new byte[] {0x0a, (byte) 0xff, (byte) 0xff, 0x01, 0x02}, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(protobuf.statusCode()).isEqualTo(400);
        assertThat(protobuf.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
        // google.rpc.Status: field 1 (code) = 3, field 2 (message)
        assertThat(protobuf.body()[0]).isEqualTo((byte) 0x08);
        assertThat(protobuf.body()[1]).isEqualTo((byte) 3);
        assertThat(new String(protobuf.body(), StandardCharsets.UTF_8)).contains("not a protobuf");

        HttpResponse<String> json = gateway.post("/v1/traces", "application/json", "{\"resourceSpans\":[");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(GatewayUnderTest.json(json).get("code").asInt()).isEqualTo(3);
        assertThat(GatewayUnderTest.json(json).get("message").asText()).contains("not valid JSON");

        assertThat(gateway.post("/v1/traces", "application/json", "{\"resourceSpans\":{}}").statusCode()).isEqualTo(400);
        assertThat(gateway.post("/v1/traces", "text/plain", "hello").statusCode()).isEqualTo(415);
        HttpResponse<String> brotli = send("application/json", "br", jsonRequest().getBytes(StandardCharsets.UTF_8));
        assertThat(brotli.statusCode()).isEqualTo(415);
        assertThat(GatewayUnderTest.json(brotli).get("message").asText()).contains("Content-Encoding");
        HttpResponse<String> notGzip = send("application/json", "gzip", "{not gzip".getBytes(StandardCharsets.UTF_8));
        assertThat(notGzip.statusCode()).isEqualTo(400);
        // a zip bomb: 25 MB of spaces compress to ~25 KB; refused by the inflated size, never inflated into the heap
        HttpResponse<String> bomb = send("application/json", "gzip", gzip(" ".repeat(25 * 1024 * 1024)));
        assertThat(bomb.statusCode()).isEqualTo(413);
        assertThat(GatewayUnderTest.json(bomb).get("code").asInt()).isEqualTo(3);
        // the server inflates gzip itself and stops at max-request-size (1 MB), counted after decompression
        assertThat(GatewayUnderTest.json(bomb).get("message").asText()).contains("exceeds the maximum allowed content length");
        assertThat(gateway.get("/prometheus").body()).contains("route=\"/v1/traces\",status=\"400\"")
                .doesNotContain("route=\"/v1/traces\",status=\"500\"");
    }

    private static ShadowRequestEvent eventWithPrompt(String prompt) throws Exception {
        List<ConsumerRecord<String, String>> seen = events.awaitUntil(
                all -> all.stream().anyMatch(r -> r.value().contains(prompt)), Duration.ofSeconds(20));
        Optional<ConsumerRecord<String, String>> record = seen.stream()
                .filter(r -> r.value().contains("\"prompt\":\"" + prompt + "\"")).findFirst();
        assertThat(record).as("event for %s", prompt).isPresent();
        return Json.mapper().readValue(record.get().value(), ShadowRequestEvent.class);
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static HttpResponse<String> send(String type, String encoding, byte[] body) throws Exception {
        return send("/v1/traces", type, encoding, body);
    }

    private static HttpResponse<String> send(String path, String type, String encoding, byte[] body) throws Exception {
        return send(path, type, encoding, body, HttpResponse.BodyHandlers.ofString());
    }

    private static <T> HttpResponse<T> send(String type, String encoding, byte[] body,
                                            HttpResponse.BodyHandler<T> handler) throws Exception {
        return send("/v1/traces", type, encoding, body, handler);
    }

    private static <T> HttpResponse<T> send(String path, String type, String encoding, byte[] body,
                                            HttpResponse.BodyHandler<T> handler) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return HTTP.send(request.build(), handler);
    }

}
