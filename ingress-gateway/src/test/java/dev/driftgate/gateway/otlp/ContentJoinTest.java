package dev.driftgate.gateway.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.sampling.PromptSampler;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.gateway.shadow.ShadowPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The traces/logs join as {@code @opentelemetry/instrumentation-openai} needs it: the span carries the
 * model and parameters, log records carry the messages; whichever arrives second completes the event,
 * a span whose content never comes is counted not evaluable when the window passes, and the buffer
 * stays within its bounds.
 */
class ContentJoinTest {
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final long WINDOW = 30_000_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<ShadowRequestEvent> published = new ArrayList<>();
    private SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ContentJoin join = new ContentJoin(WINDOW, 100, 1 << 20, clock::get);
    private OtlpIngest ingest = ingest();

    private void rebuild(ContentJoin bounded) {
        registry = new SimpleMeterRegistry(); // the join's function counters belong to the registry's first join
        join = bounded;
        ingest = ingest();
    }

    private OtlpIngest ingest() {
        ShadowPublisher publisher = new ShadowPublisher() {
            @Override
            public boolean offer(ShadowRequestEvent event) {
                return published.add(event);
            }

            @Override
            public KafkaHealth health() {
                return new KafkaHealth("up", "", 0, 1);
            }

            @Override
            public void close() {
            }
        };
        return new OtlpIngest(new PromptSampler("k".getBytes(StandardCharsets.UTF_8), 100), publisher, "cand",
                Set.of("reasoning"), "other", 1000, registry, join);
    }

    private static OtlpSpan span(String spanId) {
        Map<String, Object> a = new HashMap<>(Map.of("gen_ai.operation.name", "chat", "gen_ai.request.model", "m",
                "gen_ai.system", "openai", "gen_ai.request.temperature", 0.2));
        return new OtlpSpan(TRACE, spanId, "chat m", 1_000_000_000L, 1_250_000_000L, false, a, List.of());
    }

    private static OtlpLogRecord record(String spanId, String event, long time, Map<String, Object> body) {
        return new OtlpLogRecord(TRACE, spanId, "", time, Map.of("event.name", event, "gen_ai.system", "openai"), body);
    }

    /** The records the instrumentation writes for one call: four input messages, then the choice. */
    private static List<OtlpLogRecord> input(String spanId) {
        return List.of(record(spanId, "gen_ai.system.message", 5, Map.of("content", "You are terse.")),
                record(spanId, "gen_ai.user.message", 5, Map.of("content", "name a prime")),
                record(spanId, "gen_ai.assistant.message", 5, Map.of("content", "7")),
                record(spanId, "gen_ai.user.message", 5, Map.of("content", "and a larger one?")));
    }

    private static OtlpLogRecord choice(String spanId) {
        return record(spanId, "gen_ai.choice", 9, Map.of("finish_reason", "stop", "index", 0L,
                "message", Map.of("role", "assistant", "content", "11")));
    }

    private static <T> OtlpBatch<T> batch(List<T> items) {
        return new OtlpBatch<>(items, 0, null);
    }

    private double count(String name, String tag, String value) {
        var counter = registry.find(name).tag(tag, value).counter();
        if (counter != null) {
            return counter.count();
        }
        var function = registry.find(name).tag(tag, value).functionCounter();
        return function == null ? 0 : function.count();
    }

    private void assertWholeCall(ShadowRequestEvent event) {
        assertThat(event.prompt()).isEqualTo("and a larger one?");
        assertThat(event.prodModel()).isEqualTo("m");
        assertThat(event.prodResponse()).isEqualTo("11");
        assertThat(event.messages()).extracting(m -> m.role() + ":" + m.content()).containsExactly(
                "system:You are terse.", "user:name a prime", "assistant:7", "user:and a larger one?");
        assertThat(event.params().temperature()).isEqualTo(0.2);
        assertThat(event.prodLatencyMs()).isEqualTo(250);
    }

    @Test
    void spanFirstWaitsThenTheLogsCompleteTheEvent() {
        ingest.accept(batch(List.of(span("b7ad6b7169203331"))));
        assertThat(published).isEmpty();
        assertThat(join.size()).isEqualTo(1);
        assertThat(count("driftgate_gateway_otlp_spans", "result", "not_evaluable")).isZero();

        ingest.acceptLogs(batch(input("b7ad6b7169203331")));
        assertThat(published).as("no answer yet: the choice has not arrived").isEmpty();
        ingest.acceptLogs(batch(List.of(choice("b7ad6b7169203331"))));

        assertThat(published).hasSize(1);
        assertWholeCall(published.get(0));
        assertThat(published.get(0).endpoint()).isEqualTo("/v1/traces");
        assertThat(join.size()).isZero();
        assertThat(join.bytes()).isZero();
        assertThat(count("driftgate_gateway_otlp_spans", "result", "evaluable")).isEqualTo(1);
        assertThat(count("driftgate_gateway_otlp_log_records", "result", "content")).isEqualTo(5);
    }

    @Test
    void logsFirstWaitThenTheSpanCompletesTheEvent() {
        List<OtlpLogRecord> all = new ArrayList<>(input("b7ad6b7169203331"));
        all.add(choice("b7ad6b7169203331"));
        all.add(new OtlpLogRecord(TRACE, "b7ad6b7169203331", "http.log", 1, Map.of(), "GET /"));
        ingest.acceptLogs(batch(all));
        assertThat(published).isEmpty();
        assertThat(count("driftgate_gateway_otlp_log_records", "result", "ignored")).isEqualTo(1);

        ingest.accept(batch(List.of(span("b7ad6b7169203331"))));
        assertThat(published).hasSize(1);
        assertWholeCall(published.get(0));
        assertThat(join.size()).isZero();
    }

    @Test
    void recordsAreOrderedByTimestampThenArrivalAndARetriedBatchAddsNothing() {
        ingest.acceptLogs(batch(List.of(choice("b7ad6b7169203331")))); // a later timestamp, arrived first
        ingest.acceptLogs(batch(input("b7ad6b7169203331")));
        ingest.acceptLogs(batch(input("b7ad6b7169203331"))); // the exporter's retry
        ingest.accept(batch(List.of(span("b7ad6b7169203331"))));
        assertThat(published).hasSize(1);
        assertWholeCall(published.get(0));
        assertThat(count("driftgate_gateway_otlp_log_records", "result", "duplicate")).isEqualTo(4);
    }

    @Test
    void aSpanWhoseContentNeverComesIsCountedNotEvaluableWhenTheWindowPasses() {
        ingest.accept(batch(List.of(span("b7ad6b7169203331"))));
        clock.addAndGet(WINDOW - 1);
        ingest.expire();
        assertThat(count("driftgate_gateway_otlp_spans", "result", "not_evaluable")).isZero();
        assertThat(join.size()).isEqualTo(1);

        clock.addAndGet(1);
        ingest.expire();
        assertThat(count("driftgate_gateway_otlp_spans", "result", "not_evaluable")).isEqualTo(1);
        assertThat(count("driftgate_gateway_otlp_not_evaluable", "reason", "no_input_messages")).isEqualTo(1);
        assertThat(join.size()).isZero();
        assertThat(published).isEmpty();

        // the content arriving after the window finds no span: dropped with the records, counted unjoined
        ingest.acceptLogs(batch(input("b7ad6b7169203331")));
        clock.addAndGet(WINDOW);
        ingest.expire();
        assertThat(count("driftgate_gateway_otlp_log_records", "result", "unjoined")).isEqualTo(4);
        assertThat(published).isEmpty();
        assertThat(count("driftgate_gateway_otlp_spans", "result", "not_evaluable")).isEqualTo(1);
    }

    @Test
    void aSpanWithOnlyItsInputWhenTheWindowPassesIsNotEvaluableForTheMissingAnswer() {
        ingest.acceptLogs(batch(input("b7ad6b7169203331")));
        ingest.accept(batch(List.of(span("b7ad6b7169203331"))));
        assertThat(published).isEmpty();
        clock.addAndGet(WINDOW);
        ingest.expire();
        assertThat(count("driftgate_gateway_otlp_not_evaluable", "reason", "no_output_message")).isEqualTo(1);
        assertThat(join.size()).isZero();
    }

    @Test
    void spansWithContentOnTheSpanDoNotWaitAndFinalReasonsAreCountedAtOnce() {
        OtlpSpan toolCall = new OtlpSpan(TRACE, "00000000000000a1", "chat m", 0, 1, false, span("a").attributes(),
                List.of(new OtlpSpan.Event("gen_ai.tool.message", Map.of("content", "x"))));
        ingest.accept(batch(List.of(toolCall)));
        assertThat(count("driftgate_gateway_otlp_not_evaluable", "reason", "tool_messages")).isEqualTo(1);
        assertThat(join.size()).isZero();

        // a tool message in the logs is final too: the span leaves the join at once
        ingest.accept(batch(List.of(span("00000000000000a2"))));
        ingest.acceptLogs(batch(List.of(record("00000000000000a2", "gen_ai.tool.message", 1, Map.of("content", "x")))));
        assertThat(count("driftgate_gateway_otlp_not_evaluable", "reason", "tool_messages")).isEqualTo(2);
        assertThat(join.size()).isZero();
    }

    @Test
    void theBufferIsBoundedByEntriesOldestEvictedAndCounted() {
        rebuild(new ContentJoin(WINDOW, 2, 1 << 20, clock::get));
        ingest.accept(batch(List.of(span("0000000000000001"), span("0000000000000002"))));
        ingest.acceptLogs(batch(input("0000000000000003")));
        assertThat(join.size()).isEqualTo(2);
        assertThat(count("driftgate_gateway_otlp_not_evaluable", "reason", "no_input_messages")).isEqualTo(1);
        // span 2 is still there and completes; span 1 was evicted
        List<OtlpLogRecord> two = new ArrayList<>(input("0000000000000002"));
        two.add(choice("0000000000000002"));
        ingest.acceptLogs(batch(two));
        assertThat(published).hasSize(1);
        assertThat(join.size()).isEqualTo(1); // span 3's records, waiting for their span
        clock.addAndGet(WINDOW);
        ingest.expire();
        assertThat(count("driftgate_gateway_otlp_log_records", "result", "unjoined")).isEqualTo(4);
        assertThat(join.size()).isZero();
    }

    @Test
    void theBufferIsBoundedByBytes() {
        rebuild(new ContentJoin(WINDOW, 100, 4_000, clock::get));
        String big = "x".repeat(3_000); // ~6 KB as chars: over the whole bound, never buffered
        ingest.acceptLogs(batch(List.of(record("0000000000000001", "gen_ai.user.message", 1, Map.of("content", big)))));
        assertThat(join.size()).isZero();
        assertThat(count("driftgate_gateway_otlp_log_records", "result", "unjoined")).isEqualTo(1);

        for (int i = 1; i <= 20; i++) {
            ingest.acceptLogs(batch(input(String.format("%016x", 0x100 + i))));
            assertThat(join.bytes()).isLessThanOrEqualTo(4_000);
        }
        assertThat(join.size()).isBetween(1, 19);
        assertThat(count("driftgate_gateway_otlp_log_records", "result", "unjoined")).isGreaterThan(1);
    }

    @Test
    void otlpJsonLogRecordsDecodeWithEventNameAndBody() throws Exception {
        String json = """
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[
                 {"timeUnixNano":"5","traceId":"%s","spanId":"b7ad6b7169203331",
                  "attributes":[{"key":"event.name","value":{"stringValue":"gen_ai.choice"}}],
                  "body":{"kvlistValue":{"values":[{"key":"message","value":{"kvlistValue":{"values":[
                   {"key":"content","value":{"stringValue":"11"}}]}}}]}}},
                 {"eventName":"gen_ai.user.message","traceId":"%s","spanId":"b7ad6b7169203331",
                  "body":{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"hi"}}]}}},
                 {"body":{"stringValue":"outside any span"}},
                 {"traceId":"zz","spanId":"b7ad6b7169203331"}]}]}]}""".formatted(TRACE, TRACE);
        OtlpBatch<OtlpLogRecord> batch = OtlpJson.decodeLogs(json.getBytes(StandardCharsets.UTF_8));
        assertThat(batch.rejected()).isEqualTo(1);
        assertThat(batch.firstRejection()).contains("log record").contains("trace id");
        assertThat(batch.items()).hasSize(3);
        assertThat(batch.items().get(0).isGenAiContent()).isTrue();
        assertThat(batch.items().get(0).toEvent().attributes().get("message")).isEqualTo(Map.of("content", "11"));
        assertThat(batch.items().get(1).name()).isEqualTo("gen_ai.user.message");
        assertThat(batch.items().get(2).isGenAiContent()).isFalse();
        assertThat(new String(OtlpJson.logsResponse(1, "x"), StandardCharsets.UTF_8))
                .contains("\"rejectedLogRecords\":\"1\"");
    }
}
