package dev.driftgate.gateway;

import com.google.protobuf.ByteString;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load driver (a main, not a test): a real Kafka broker and the gateway (echo model, 5% sampling) in
 * this JVM, then, in the same run, {@code POST /v1/traces} with protobuf batches of 512 GenAI chat
 * spans (fresh ids and distinct prompts in every batch, so sampling and publishing really happen) and
 * the same batches over OTLP/gRPC (TraceService/Export) and {@code POST /chat} with distinct prompts. Prints spans/s, batches/s, per-batch p50/p99 and /chat
 * req/s. Usage: see benchmarks/otel.md.
 */
public final class OtlpLoadDriver {
    private static final int SPANS = 512;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int otlpClients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int chatClients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        try (LocalKafkaBroker broker = LocalKafkaBroker.startIn(Files.createTempDirectory("otlp-bench"))) {
            broker.createTopics(2, ShadowEvents.TOPIC);
            try (GatewayUnderTest gateway = GatewayUnderTest.start("http://127.0.0.1:9/v1", broker.bootstrapServers(),
                    Map.of("driftgate.gateway.shadow-pct", "5", "driftgate.gateway.production-model", "echo/bench"))) {
                HttpClient http = HttpClient.newHttpClient();
                run("otlp warm-up", 5, otlpClients, () -> postBatch(http, gateway));
                long[] otlp = run("otlp", seconds, otlpClients, () -> postBatch(http, gateway));
                // OTLP/gRPC in the same run: one shared HTTP/2 channel, the same fresh batches as raw bytes
                io.grpc.ManagedChannel channel = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
                        .forAddress("127.0.0.1", gateway.grpcPort()).usePlaintext().build();
                run("grpc warm-up", 5, otlpClients, () -> exportBatch(channel));
                long[] grpc = run("grpc", seconds, otlpClients, () -> exportBatch(channel));
                channel.shutdownNow();
                run("chat warm-up", 5, chatClients, () -> postChat(http, gateway));
                long[] chat = run("chat", seconds, chatClients, () -> postChat(http, gateway));
                report("otlp (512-span protobuf batches)", otlp, seconds, SPANS);
                report("otlp/grpc (512-span batches)", grpc, seconds, SPANS);
                report("/chat (echo model)", chat, seconds, 1);
                System.out.printf("spans total: evaluable %.0f, sampled %.0f, kafka published %.0f%n",
                        gateway.metric("driftgate_gateway_otlp_spans_total{result=\"evaluable\"}"),
                        gateway.metric("driftgate_gateway_otlp_sampled_total"),
                        gateway.metric("driftgate_gateway_shadow_published_total"));
            }
        }
        System.exit(0);
    }

    interface Call {
        void call() throws Exception;
    }

    /** Runs {@code clients} closed-loop threads for {@code seconds}; returns each call's latency in ns. */
    private static long[] run(String name, int seconds, int clients, Call call) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<List<Long>> latencies = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            List<Long> mine = new ArrayList<>();
            latencies.add(mine);
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        call.call();
                        mine.add(System.nanoTime() - start);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failures.get() > 0) {
            System.out.println(name + ": " + failures.get() + " failed calls");
        }
        return latencies.stream().flatMap(List::stream).mapToLong(Long::longValue).sorted().toArray();
    }

    private static void report(String name, long[] sorted, int seconds, int unitsPerCall) {
        double perSecond = sorted.length / (double) seconds;
        System.out.printf("%s: %d calls in %d s = %.1f calls/s = %.0f units/s; latency p50 %.1f ms, p99 %.1f ms%n",
                name, sorted.length, seconds, perSecond, perSecond * unitsPerCall,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
    }

    private static void postBatch(HttpClient http, GatewayUnderTest gateway) throws Exception {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(gateway.uri("/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch())).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
    }

    private static final io.grpc.MethodDescriptor<byte[], byte[]> EXPORT = io.grpc.MethodDescriptor
            .<byte[], byte[]>newBuilder().setType(io.grpc.MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc.getExportMethod()
                    .getFullMethodName())
            .setRequestMarshaller(new Bytes()).setResponseMarshaller(new Bytes()).build();

    /** Sends the encoded request as it is, like the HTTP phase: no client-side message parsing in the numbers. */
    private static final class Bytes implements io.grpc.MethodDescriptor.Marshaller<byte[]> {
        @Override
        public java.io.InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(java.io.InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static void exportBatch(io.grpc.Channel channel) {
        io.grpc.stub.ClientCalls.blockingUnaryCall(channel, EXPORT,
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS), batch());
    }

    private static void postChat(HttpClient http, GatewayUnderTest gateway) throws Exception {
        String body = "{\"prompt\":\"load question " + ThreadLocalRandom.current().nextLong() + " about the benchmark\"}";
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(gateway.uri("/chat"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
    }

    /** 512 chat spans as an instrumented OpenAI client writes them (system prompt, a question, the answer). */
    static byte[] batch() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] traceId = new byte[16];
        random.nextBytes(traceId);
        long tag = random.nextLong();
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        long now = System.currentTimeMillis() * 1_000_000L;
        for (int i = 0; i < SPANS; i++) {
            byte[] spanId = new byte[8];
            random.nextBytes(spanId);
            spanId[0] |= 1;
            String question = "question " + tag + "-" + i + ": what is the capital of France, and why is it there?";
            scope.addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(traceId))
                    .setSpanId(ByteString.copyFrom(spanId)).setName("chat gpt-4o-mini").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                    .setStartTimeUnixNano(now - 250_000_000L).setEndTimeUnixNano(now)
                    .addAllAttributes(Arrays.asList(kv("gen_ai.operation.name", "chat"),
                            kv("gen_ai.provider.name", "openai"), kv("gen_ai.request.model", "gpt-4o-mini"),
                            kv("gen_ai.response.model", "gpt-4o-mini-2024-07-18"),
                            KeyValue.newBuilder().setKey("gen_ai.request.temperature")
                                    .setValue(AnyValue.newBuilder().setDoubleValue(0.2)).build(),
                            KeyValue.newBuilder().setKey("gen_ai.usage.input_tokens")
                                    .setValue(AnyValue.newBuilder().setIntValue(42)).build(),
                            KeyValue.newBuilder().setKey("gen_ai.usage.output_tokens")
                                    .setValue(AnyValue.newBuilder().setIntValue(25)).build(),
                            kv("gen_ai.input.messages", "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":"
                                    + "\"You are a helpful, precise assistant. Answer in two sentences.\"}]},"
                                    + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + question + "\"}]}]"),
                            kv("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":"
                                    + "\"Paris is the capital of France. It grew around an island in the Seine that was "
                                    + "easy to defend and to trade from.\"}],\"finish_reason\":\"stop\"}]")))
                    .build());
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
                .build().toByteArray();
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
