package dev.driftgate.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.core.llm.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The sampling parameters of an OpenAI chat request that production is sent and the shadow event
 * records: temperature, top_p, max_(completion_)tokens, stop, seed, response_format, and whether
 * tools were given. A parameter the client did not send stays null (provider default for both).
 */
final class SamplingParamsParser {
    private static final Set<String> RESPONSE_FORMATS = Set.of("text", "json_object");
    private static final int MAX_STOP = 4;

    private SamplingParamsParser() {
    }

    static SamplingParams parse(JsonNode root) {
        Double temperature = JsonBodies.optionalNumber(root.get("temperature"), "temperature", 0, 2);
        Double topP = JsonBodies.optionalNumber(root.get("top_p"), "top_p", 0, 1);
        Integer maxTokens = JsonBodies.optionalPositiveInt(root.get("max_completion_tokens"), "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = JsonBodies.optionalPositiveInt(root.get("max_tokens"), "max_tokens");
        }
        JsonNode tools = root.get("tools");
        boolean toolsPresent = tools != null && tools.isArray() && !tools.isEmpty();
        return new SamplingParams(temperature, topP, maxTokens, stop(root.get("stop")), seed(root.get("seed")),
                responseFormat(root.get("response_format")), toolsPresent);
    }

    private static List<String> stop(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (node.isArray() && node.size() <= MAX_STOP) {
            List<String> stop = new ArrayList<>(node.size());
            for (JsonNode s : node) {
                if (!s.isTextual()) {
                    throw ProblemException.invalidField("stop", "stop must be a string or an array of strings");
                }
                stop.add(s.textValue());
            }
            return stop;
        }
        throw ProblemException.invalidField("stop", "stop must be a string or an array of up to " + MAX_STOP
                + " strings");
    }

    /** 32-bit: LangChain4j's OpenAI client forwards no larger seed, and a seed cut short is another seed. */
    private static Integer seed(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ProblemException.invalidField("seed", "seed must be an integer within 32 bits");
        }
        return node.intValue();
    }

    private static String responseFormat(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode type = node.get("type");
        if (!node.isObject() || type == null || !RESPONSE_FORMATS.contains(type.asText())) {
            throw ProblemException.invalidField("response_format", "response_format.type must be one of "
                    + RESPONSE_FORMATS);
        }
        return type.asText();
    }
}
