package dev.driftgate.gateway.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which GenAI spans are evaluable, and the reason for each that is not: never a guess. */
class GenAiSpansTest {
    private static final String USER = "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]}]";
    private static final String ANSWER = "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"hello\"}]}]";

    private static OtlpSpan span(boolean failed, Map<String, Object> attributes, OtlpSpan.Event... events) {
        return new OtlpSpan("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "chat m", 0, 1_000_000, failed,
                attributes, List.of(events));
    }

    private static Map<String, Object> chat(Object input, Object output) {
        Map<String, Object> a = new HashMap<>(Map.of("gen_ai.operation.name", "chat", "gen_ai.request.model", "m"));
        if (input != null) {
            a.put("gen_ai.input.messages", input);
        }
        if (output != null) {
            a.put("gen_ai.output.messages", output);
        }
        return a;
    }

    private static void assertReason(OtlpSpan span, String reason) {
        assertThatThrownBy(() -> GenAiSpans.read(span, "driftgate.category")).isInstanceOf(NotEvaluable.class)
                .satisfies(e -> assertThat(((NotEvaluable) e).reason()).isEqualTo(reason));
    }

    @Test
    void httpAndDatabaseSpansAreNotGenAi() {
        assertThat(GenAiSpans.isGenAi(Map.of("http.request.method", "GET", "db.system", "postgresql"))).isFalse();
        assertThat(GenAiSpans.isGenAi(Map.of("openinference.span.kind", "CHAIN"))).isFalse();
        assertThat(GenAiSpans.isGenAi(Map.of("openinference.span.kind", "LLM"))).isTrue();
    }

    @Test
    void systemInstructionsArePrependedAndTheLastUserMessageIsThePrompt() throws Exception {
        Map<String, Object> a = chat(USER, ANSWER);
        a.put("gen_ai.system_instructions", "[{\"type\":\"text\",\"content\":\"Be brief.\"}]");
        GenAiCall call = GenAiSpans.read(span(false, a), "driftgate.category");
        assertThat(call.messages()).extracting(t -> t.role() + ":" + t.content()).containsExactly("system:Be brief.", "user:hi");
        assertThat(call.prompt()).isEqualTo("hi");
        assertThat(call.answer()).isEqualTo("hello");
        assertThat(call.usage()).isNull();
        assertThat(call.params().temperature()).isNull();
    }

    @Test
    void eachSpanThatCannotBeReplayedHasItsReason() {
        assertReason(span(false, chat(null, null)), NotEvaluable.NO_INPUT_MESSAGES);
        assertReason(span(false, chat(USER, null)), NotEvaluable.NO_OUTPUT_MESSAGE);
        assertReason(span(true, chat(USER, ANSWER)), NotEvaluable.CALL_FAILED);
        assertReason(span(false, Map.of("gen_ai.operation.name", "embeddings", "gen_ai.request.model", "e")),
                NotEvaluable.NOT_A_CHAT_CALL);
        assertReason(span(false, Map.of("gen_ai.operation.name", "chat", "gen_ai.input.messages", USER)),
                NotEvaluable.NO_MODEL);
        assertReason(span(false, chat("[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"s\"}]}]",
                ANSWER)), NotEvaluable.NO_USER_MESSAGE);
        assertReason(span(false, chat("not json [", ANSWER)), NotEvaluable.UNREADABLE_MESSAGES);
        assertReason(span(false, chat("[{\"role\":\"user\",\"parts\":[{\"type\":\"image\",\"uri\":\"x\"}]}]", ANSWER)),
                NotEvaluable.UNREADABLE_MESSAGES);
        assertReason(span(false, chat("[{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"1\"}]}]",
                ANSWER)), NotEvaluable.TOOL_MESSAGES);
        assertReason(span(false, Map.of("gen_ai.operation.name", "chat", "gen_ai.request.model", "m"),
                new OtlpSpan.Event("gen_ai.user.message", Map.of("content", "hi")),
                new OtlpSpan.Event("gen_ai.tool.message", Map.of("content", "42"))), NotEvaluable.TOOL_MESSAGES);
    }

    @Test
    void legacyChoiceEventMayCarryItsMessageAsJson() throws Exception {
        GenAiCall call = GenAiSpans.read(span(false, Map.of("gen_ai.operation.name", "chat", "gen_ai.request.model", "m"),
                new OtlpSpan.Event("gen_ai.user.message", Map.of("content", "hi")),
                new OtlpSpan.Event("gen_ai.choice", Map.of("message", "{\"role\":\"assistant\",\"content\":\"yo\"}"))),
                "driftgate.category");
        assertThat(call.answer()).isEqualTo("yo");
    }

    @Test
    void recentIdsAreBounded() {
        RecentIds ids = new RecentIds(2);
        assertThat(ids.firstTime("a")).isTrue();
        assertThat(ids.firstTime("a")).isFalse();
        ids.firstTime("b");
        ids.firstTime("c");
        assertThat(ids.firstTime("a")).isTrue(); // evicted: downstream's upsert on the event id still keeps it once
    }
}
