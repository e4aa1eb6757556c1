package dev.driftgate.core.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.driftgate.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks one JSONL line against the golden example contract of DESIGN.md and reports every problem
 * of the line, not only the first: id (non-blank string), prompt (string longer than
 * {@code min_prompt_chars - 1} characters after trimming), reference_response (non-blank string),
 * category (one of the configured ones), source (non-blank string), metadata (optional object).
 * Unknown fields, duplicate keys and wrong JSON types are errors. Uniqueness of ids across lines is
 * the builder's job.
 */
public final class ExampleValidator {
    public static final List<String> FIELDS =
            List.of("id", "prompt", "reference_response", "category", "source", "metadata");

    private static final ObjectReader READER = Json.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Set<String> categories;
    private final int minPromptChars;

    /**
     * @param categories     the configured category names, in the order to list them in messages
     * @param minPromptChars the shortest accepted prompt after trimming (11 means "longer than 10")
     */
    public ExampleValidator(Set<String> categories, int minPromptChars) {
        this.categories = categories;
        this.minPromptChars = minPromptChars;
    }

    /** The example of a decoded line, or the line's errors (then {@code example} is null). */
    public record Result(GoldenExample example, List<DatasetError> errors) {
    }

    public Result validate(int lineNumber, String text) {
        JsonNode node;
        try {
            node = READER.readTree(text);
        } catch (JsonProcessingException e) {
            return failed(new DatasetError(lineNumber, null, null, describe(e)));
        }
        if (node == null || !node.isObject()) {
            return failed(new DatasetError(lineNumber, null, null,
                    "expected a JSON object, got " + typeOf(node)));
        }
        JsonNode idNode = node.get("id");
        String knownId = idNode != null && idNode.isTextual() && !idNode.asText().isBlank() ? idNode.asText() : null;
        Checker c = new Checker(lineNumber, knownId, node);

        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                c.error(name, "unknown field (allowed: " + String.join(", ", FIELDS) + ")");
            }
        }
        String id = c.nonBlankString("id");
        String prompt = c.string("prompt");
        if (prompt != null) {
            int length = prompt.strip().codePointCount(0, prompt.strip().length());
            if (length < minPromptChars) {
                c.error("prompt", "must be longer than " + (minPromptChars - 1)
                        + " characters after trimming (got " + length + ")");
            }
        }
        String reference = c.nonBlankString("reference_response");
        String category = c.string("category");
        if (category != null && !categories.contains(category)) {
            c.error("category", "unknown category '" + category + "' (expected one of: "
                    + String.join(", ", categories) + ")");
        }
        String source = c.nonBlankString("source");
        Map<String, Object> metadata = c.metadata();

        if (!c.errors.isEmpty()) {
            return new Result(null, List.copyOf(c.errors));
        }
        return new Result(new GoldenExample(id, prompt, reference, category, source, metadata), List.of());
    }

    private static Result failed(DatasetError error) {
        return new Result(null, List.of(error));
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
        return "malformed JSON" + where + ": " + message;
    }

    static String typeOf(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** Collects the errors of one line while reading its fields. */
    private static final class Checker {
        private final int line;
        private final String id;
        private final JsonNode node;
        private final List<DatasetError> errors = new ArrayList<>();

        Checker(int line, String id, JsonNode node) {
            this.line = line;
            this.id = id;
            this.node = node;
        }

        void error(String field, String reason) {
            errors.add(new DatasetError(line, id, field, reason));
        }

        /** The field's text, or null after recording why it is missing or not a string. */
        String string(String field) {
            JsonNode value = node.get(field);
            if (value == null) {
                error(field, "is required");
                return null;
            }
            if (!value.isTextual()) {
                error(field, "must be a string, got " + typeOf(value));
                return null;
            }
            return value.asText();
        }

        String nonBlankString(String field) {
            String value = string(field);
            if (value != null && value.isBlank()) {
                error(field, "must not be blank");
                return null;
            }
            return value;
        }

        Map<String, Object> metadata() {
            JsonNode value = node.get("metadata");
            if (value == null) {
                return Map.of();
            }
            if (!value.isObject()) {
                error("metadata", "must be a JSON object, got " + typeOf(value));
                return null;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getValue().isNull()) {
                    // GoldenExample keeps metadata in an immutable map, which cannot hold nulls
                    error("metadata." + entry.getKey(), "must not be null (leave the key out instead)");
                    continue;
                }
                map.put(entry.getKey(), Json.mapper().convertValue(entry.getValue(), Object.class));
            }
            return map;
        }
    }
}
