package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OTLP/gRPC on the real gateway's own port, over real netty channels, with a real Kafka broker: the
 * generated TraceService/LogsService stubs and the official SDK's OtlpGrpcSpanExporter. What arrives on
 * the topic must be what OTLP/HTTP protobuf makes of the same span; partial success, malformed and
 * oversized messages and the API key are answered as gRPC statuses.
 */
class OtlpGrpcReceiverTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String INPUT = """
            [{"role":"system","parts":[{"type":"text","content":"You are terse."}]},
             {"role":"user","parts":[{"type":"text","content":"%s"}]}]""";
    private static final String OUTPUT = """
            [{"role":"assistant","parts":[{"type":"text","content":"11"}],"finish_reason":"stop"}]""";
    private static LocalKafkaBroker broker;
    private static GatewayUnderTest gateway;
    private static ShadowEvents events;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        broker = TestResources.freshBroker("kafka-otlp-grpc", 1);
        gateway = GatewayUnderTest.start("http://127.0.0.1:9/v1", broker.bootstrapServers(),
                Map.of("driftgate.gateway.shadow-pct", "100", "driftgate.gateway.otlp-join-window", "1s"));
        events = new ShadowEvents(broker.bootstrapServers());
        channel = channel(gateway.grpcPort());
    }

    @AfterAll
    static void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        TestResources.closeAll(events, gateway, broker);
    }

    private static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    /** A current-semconv GenAI chat span with its content in attributes. */
    private static Span chatSpan(String traceId, String spanId, String prompt) {
        return Span.newBuilder().setTraceId(id(traceId)).setSpanId(id(spanId)).setName("chat gpt-4o-mini")
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(1_700_000_000_000_000_000L).setEndTimeUnixNano(1_700_000_000_250_000_000L)
                .addAttributes(attr("gen_ai.operation.name", "chat"))
                .addAttributes(attr("gen_ai.request.model", "gpt-4o-mini"))
                .addAttributes(attr("gen_ai.input.messages", INPUT.formatted(prompt)))
                .addAttributes(attr("gen_ai.output.messages", OUTPUT))
                .addAttributes(attr("driftgate.category", "reasoning")).build();
    }

    private static ExportTraceServiceRequest traces(Span... spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))).build();
    }

    private static List<ShadowRequestEvent> eventsWithPrompt(String prompt, int count) throws Exception {
        List<ConsumerRecord<String, String>> seen = events.awaitUntil(all -> all.stream()
                .filter(r -> r.value().contains("\"prompt\":\"" + prompt + "\"")).count() >= count,
                Duration.ofSeconds(20));
        List<ShadowRequestEvent> found = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> r : seen) {
            if (r.value().contains("\"prompt\":\"" + prompt + "\"")) {
                found.add(Json.mapper().readValue(r.value(), ShadowRequestEvent.class));
            }
        }
        assertThat(found).as("events for %s", prompt).hasSize(count);
        return found;
    }

    @Test
    void aGeneratedStubExportBecomesTheSameEventAsOtlpHttpProtobuf() throws Exception {
        String prompt = "otlp grpc: same as http?";
        ExportTraceServiceResponse response = TraceServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .export(traces(chatSpan("7b8efff798038103d269b633813fc60c", "aee19b7ec3c1b174", prompt)));
        assertThat(response.hasPartialSuccess()).isFalse();
        HttpResponse<String> http = HTTP.send(HttpRequest.newBuilder(gateway.uri("/v1/traces"))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(
                        traces(chatSpan("7b8efff798038103d269b633813fc60d", "aee19b7ec3c1b175", prompt))
                                .toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(http.statusCode()).isEqualTo(200);

        List<ShadowRequestEvent> both = eventsWithPrompt(prompt, 2);
        ShadowRequestEvent viaGrpc = both.get(0);
        assertThat(viaGrpc.eventId()).isNotEqualTo(both.get(1).eventId()); // two spans, two events
        assertThat(viaGrpc).usingRecursiveComparison().ignoringFields("eventId").isEqualTo(both.get(1));
        assertThat(viaGrpc.source()).isEqualTo("otlp");
        assertThat(viaGrpc.prodResponse()).isEqualTo("11");
        assertThat(viaGrpc.prodLatencyMs()).isEqualTo(250);
        assertThat(viaGrpc.category()).isEqualTo("reasoning");
        assertThat(viaGrpc.messages()).extracting(m -> m.role() + ":" + m.content())
                .containsExactly("system:You are terse.", "user:" + prompt);
    }

    @Test
    void aSpanWithAnInvalidIdIsAPartialSuccessCountedRejected() throws Exception {
        double before = gateway.metric("driftgate_gateway_otlp_spans_total{result=\"rejected\"}");
        Span bad = chatSpan("8b8efff798038103d269b633813fc60c", "bee19b7ec3c1b174", "otlp grpc: never")
                .toBuilder().setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3})).build();
        ExportTraceServiceResponse response = TraceServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(20, TimeUnit.SECONDS).export(traces(
                        chatSpan("8b8efff798038103d269b633813fc60c", "bee19b7ec3c1b175", "otlp grpc: partial"), bad));
        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("invalid span id");
        assertThat(gateway.metric("driftgate_gateway_otlp_spans_total{result=\"rejected\"}")).isEqualTo(before + 1);
        eventsWithPrompt("otlp grpc: partial", 1);
        assertThat(events.drain(Duration.ofSeconds(1))).noneMatch(r -> r.value().contains("otlp grpc: never"));
    }

    @Test
    void theJavaSdkGrpcExporterIsReceived() throws Exception {
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(OtlpGrpcSpanExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + gateway.grpcPort()).setCompression("gzip").build()))
                .build()) {
            provider.get("otlp-grpc-test").spanBuilder("chat gpt-4o-mini").setSpanKind(SpanKind.CLIENT)
                    .setAllAttributes(Attributes.builder().put("gen_ai.operation.name", "chat")
                            .put("gen_ai.request.model", "gpt-4o-mini")
                            .put("gen_ai.input.messages", INPUT.formatted("otlp grpc sdk: hello"))
                            .put("gen_ai.output.messages", OUTPUT).build()).startSpan().end();
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
        ShadowRequestEvent event = eventsWithPrompt("otlp grpc sdk: hello", 1).get(0);
        assertThat(event.prodModel()).isEqualTo("gpt-4o-mini");
        assertThat(event.prodResponse()).isEqualTo("11");
    }

    private static LogRecord log(String traceId, String spanId, String event, KeyValue... body) {
        return LogRecord.newBuilder().setTraceId(id(traceId)).setSpanId(id(spanId)).setEventName(event)
                .setTimeUnixNano(1_700_000_000_100_000_000L)
                .setBody(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addAllValues(List.of(body))))
                .build();
    }

    @Test
    void logRecordsOverGrpcCarryTheContentOfTheirSpan() throws Exception {
        String trace = "9b8efff798038103d269b633813fc60c";
        String span = "cee19b7ec3c1b174";
        ExportLogsServiceResponse logs = LogsServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(20, TimeUnit.SECONDS).export(ExportLogsServiceRequest.newBuilder()
                        .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder()
                                .addLogRecords(log(trace, span, "gen_ai.user.message",
                                        attr("content", "otlp grpc logs: hello")))
                                .addLogRecords(log(trace, span, "gen_ai.choice", KeyValue.newBuilder()
                                        .setKey("message").setValue(AnyValue.newBuilder().setKvlistValue(
                                                KeyValueList.newBuilder().addValues(attr("content", "hi there"))))
                                        .build()))
                                .addLogRecords(log(trace, span, "gen_ai.user.message", attr("content", "never"))
                                        .toBuilder().setTraceId(ByteString.copyFrom(new byte[] {9})).build())))
                        .build());
        assertThat(logs.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
        assertThat(logs.getPartialSuccess().getErrorMessage()).contains("log record").contains("invalid trace id");
        Span noContent = Span.newBuilder().setTraceId(id(trace)).setSpanId(id(span)).setName("chat m")
                .setStartTimeUnixNano(1_700_000_000_000_000_000L).setEndTimeUnixNano(1_700_000_000_300_000_000L)
                .addAttributes(attr("gen_ai.operation.name", "chat"))
                .addAttributes(attr("gen_ai.request.model", "gpt-4o-mini")).build();
        TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS).export(traces(noContent));
        ShadowRequestEvent event = eventsWithPrompt("otlp grpc logs: hello", 1).get(0);
        assertThat(event.prodResponse()).isEqualTo("hi there");
        assertThat(event.prodLatencyMs()).isEqualTo(300);
    }

    /** A raw-bytes client for the Export method: what no generated stub can send. */
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    private static byte[] rawExport(byte[] body) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(TraceServiceGrpc.getExportMethod().getFullMethodName())
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(20,
                TimeUnit.SECONDS), body);
    }

    @Test
    void aMalformedMessageIsInvalidArgumentAndAnOversizedOneIsRefused() {
        assertThatThrownBy(() -> rawExport(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("not a protobuf ExportTraceServiceRequest");
                });
        // over micronaut.server.max-request-size (1MB), the HTTP body limit too
        String big = "x".repeat(1_100_000);
        assertThatThrownBy(() -> TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .export(traces(chatSpan("ab8efff798038103d269b633813fc60c", "dee19b7ec3c1b174", big))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        // the channel still serves after both
        assertThat(TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .export(traces()).hasPartialSuccess()).isFalse();
    }

    @Test
    void withApiKeysTheAuthorizationMetadataMustCarryOne() {
        try (GatewayUnderTest keyed = GatewayUnderTest.withoutKafka("http://127.0.0.1:9/v1",
                Map.of("driftgate.gateway.api-keys", "grpc-key-1,grpc-key-2"))) {
            ManagedChannel keyedChannel = channel(keyed.grpcPort());
            try {
                for (String header : new String[] {null, "Bearer wrong", "grpc-key-1"}) {
                    Metadata metadata = new Metadata();
                    if (header != null) {
                        metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), header);
                    }
                    assertThatThrownBy(() -> TraceServiceGrpc.newBlockingStub(keyedChannel)
                            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                            .withDeadlineAfter(20, TimeUnit.SECONDS).export(traces()))
                            .as("authorization %s", header)
                            .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
                }
                Metadata good = new Metadata();
                good.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer grpc-key-2");
                assertThat(LogsServiceGrpc.newBlockingStub(keyedChannel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(good))
                        .withDeadlineAfter(20, TimeUnit.SECONDS)
                        .export(ExportLogsServiceRequest.getDefaultInstance()).hasPartialSuccess()).isFalse();
            } finally {
                keyedChannel.shutdownNow();
            }
        }
    }

    @Test
    void itCanBeTurnedOffAndATakenPortStopsTheStart() {
        try (GatewayUnderTest off = GatewayUnderTest.withoutKafka("http://127.0.0.1:9/v1",
                Map.of("driftgate.gateway.otlp-grpc-enabled", "false"))) {
            assertThat(off.get("/health/liveness").statusCode()).isEqualTo(200);
            assertThat(off.hasBean(dev.driftgate.gateway.otlp.OtlpGrpcReceiver.class)).isFalse();
        }
        assertThatThrownBy(() -> GatewayUnderTest.withoutKafka("http://127.0.0.1:9/v1",
                Map.of("driftgate.gateway.otlp-grpc-port", gateway.grpcPort())).close())
                .hasStackTraceContaining("the OTLP/gRPC receiver cannot listen on 127.0.0.1:" + gateway.grpcPort());
    }
}
