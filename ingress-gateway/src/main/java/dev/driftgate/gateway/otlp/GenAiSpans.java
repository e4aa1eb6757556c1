package dev.driftgate.gateway.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftgate.core.llm.ChatTurn;
import dev.driftgate.core.llm.SamplingParams;
import dev.driftgate.core.shadow.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which spans are GenAI chat calls, and what they asked: model, sampling parameters and usage under
 * the GenAI semantic conventions, OpenLLMetry ({@code llm.request.type}, {@code gen_ai.usage.prompt_tokens})
 * and OpenInference ({@code openinference.span.kind=LLM}, {@code llm.model_name},
 * {@code llm.invocation_parameters}, {@code llm.token_count.*}); messages come from {@link GenAiMessages}.
 */
final class GenAiSpans {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Operations whose request is a conversation and whose answer is text. */
    private static final Set<String> CHAT_OPERATIONS = Set.of("chat", "generate_content", "text_completion");
    private static final Set<String> OPENLLMETRY_CHAT_TYPES = Set.of("chat", "completion");

    private GenAiSpans() {
    }

    /** True for spans an LLM instrumentation wrote; HTTP, DB and framework spans are not. */
    static boolean isGenAi(Map<String, Object> a) {
        return a.containsKey("gen_ai.operation.name") || a.containsKey("gen_ai.request.model")
                || a.containsKey("gen_ai.system") || a.containsKey("gen_ai.provider.name")
                || a.containsKey("llm.request.type") || "LLM".equals(a.get("openinference.span.kind"));
    }

    /** The call, or {@link NotEvaluable} with the reason. Call only for spans {@link #isGenAi} accepts. */
    static GenAiCall read(OtlpSpan span, String categoryAttribute) throws NotEvaluable {
        Map<String, Object> a = span.attributes();
        String operation = Attributes.string(a, "gen_ai.operation.name");
        String requestType = Attributes.string(a, "llm.request.type");
        if ((operation != null && !CHAT_OPERATIONS.contains(operation))
                || (operation == null && requestType != null && !OPENLLMETRY_CHAT_TYPES.contains(requestType))) {
            throw new NotEvaluable(NotEvaluable.NOT_A_CHAT_CALL);
        }
        if (span.failed()) {
            throw new NotEvaluable(NotEvaluable.CALL_FAILED);
        }
        String model = first(Attributes.string(a, "gen_ai.request.model"), Attributes.string(a, "llm.model_name"),
                Attributes.string(a, "gen_ai.response.model"));
        if (model == null) {
            throw new NotEvaluable(NotEvaluable.NO_MODEL);
        }
        GenAiMessages.Exchange exchange = GenAiMessages.read(span);
        if (exchange == null || exchange.input().isEmpty()) {
            throw new NotEvaluable(NotEvaluable.NO_INPUT_MESSAGES);
        }
        if (exchange.output() == null) {
            throw new NotEvaluable(NotEvaluable.NO_OUTPUT_MESSAGE);
        }
        String prompt = lastUserMessage(exchange.input());
        if (prompt == null) {
            throw new NotEvaluable(NotEvaluable.NO_USER_MESSAGE);
        }
        long latencyMs = Math.max(0, (span.endNanos() - span.startNanos()) / 1_000_000);
        return new GenAiCall(model, exchange.input(), prompt, exchange.output(), params(a), usage(a), latencyMs,
                span.endNanos() / 1_000_000, Attributes.string(a, categoryAttribute));
    }

    private static String lastUserMessage(List<ChatTurn> turns) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).role().equals("user")) {
                return turns.get(i).content();
            }
        }
        return null;
    }

    static SamplingParams params(Map<String, Object> a) {
        JsonNode invocation = invocationParameters(a);
        Double temperature = first(Attributes.number(a, "gen_ai.request.temperature"), number(invocation, "temperature"));
        Double topP = first(Attributes.number(a, "gen_ai.request.top_p"), number(invocation, "top_p"));
        Long maxTokens = first(Attributes.integer(a, "gen_ai.request.max_tokens"), integer(invocation, "max_tokens"),
                integer(invocation, "max_completion_tokens"));
        List<String> stop = first(Attributes.strings(a, "gen_ai.request.stop_sequences"), strings(invocation, "stop"));
        Long seed = first(Attributes.integer(a, "gen_ai.request.seed"), integer(invocation, "seed"));
        String outputType = Attributes.string(a, "gen_ai.output.type");
        String responseFormat = outputType != null ? ("json".equals(outputType) ? "json_object" : outputType)
                : invocation == null ? null : invocation.path("response_format").path("type").asText(null);
        boolean tools = a.containsKey("gen_ai.tool.definitions") || a.containsKey("llm.request.functions.0.name")
                || a.containsKey("llm.tools.0.tool.json_schema") || (invocation != null && invocation.has("tools"));
        return new SamplingParams(temperature, topP, Attributes.int32(maxTokens), stop, Attributes.int32(seed),
                responseFormat, tools);
    }

    static Usage usage(Map<String, Object> a) {
        Long input = first(Attributes.integer(a, "gen_ai.usage.input_tokens"),
                Attributes.integer(a, "gen_ai.usage.prompt_tokens"), Attributes.integer(a, "llm.token_count.prompt"));
        Long output = first(Attributes.integer(a, "gen_ai.usage.output_tokens"),
                Attributes.integer(a, "gen_ai.usage.completion_tokens"),
                Attributes.integer(a, "llm.token_count.completion"));
        if (input == null && output == null) {
            return null;
        }
        return new Usage(input == null ? 0 : input.intValue(), output == null ? 0 : output.intValue());
    }

    /** OpenInference keeps the request's parameters as one JSON object. */
    private static JsonNode invocationParameters(Map<String, Object> a) {
        String json = Attributes.string(a, "llm.invocation_parameters");
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null; // parameters unreadable: provider defaults, as when they are absent
        }
    }

    private static Double number(JsonNode node, String field) {
        return node != null && node.path(field).isNumber() ? node.get(field).asDouble() : null;
    }

    private static Long integer(JsonNode node, String field) {
        return node != null && node.path(field).isIntegralNumber() ? node.get(field).asLong() : null;
    }

    private static List<String> strings(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return List.of(value.asText());
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                return null;
            }
            out.add(item.asText());
        }
        return value.isArray() ? out : null;
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
