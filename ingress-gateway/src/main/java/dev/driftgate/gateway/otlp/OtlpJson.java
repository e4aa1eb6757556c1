package dev.driftgate.gateway.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP/HTTP JSON encoding ({@code application/json}). It is protobuf's JSON mapping with the OTLP
 * exceptions: trace and span ids are hex strings (not base64), enums are integers, field names are
 * lowerCamelCase (the original snake_case names are accepted too, as protobuf JSON parsers do), 64-bit
 * integers may be strings or numbers, and unknown fields are ignored.
 */
final class OtlpJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int STATUS_CODE_ERROR = 2;
    /** Field names are a small fixed set: convert each once. */
    private static final Map<String, String> SNAKE = new java.util.concurrent.ConcurrentHashMap<>();

    private static final String ID_RULE = "32 and 16 hex digits, not all zero";

    private OtlpJson() {
    }

    static OtlpBatch<OtlpSpan> decode(byte[] body) throws MalformedOtlp {
        JsonNode root = root(body, "ExportTraceServiceRequest");
        OtlpBatch.Collector<OtlpSpan> batch = new OtlpBatch.Collector<>("span", ID_RULE);
        for (JsonNode resource : array(root, "resourceSpans")) {
            for (JsonNode scope : array(resource, "scopeSpans")) {
                for (JsonNode span : array(scope, "spans")) {
                    String name = text(field(span, "name"));
                    String traceId = SpanIds.hex(text(field(span, "traceId")), 16);
                    String spanId = SpanIds.hex(text(field(span, "spanId")), 8);
                    if (!batch.validIds(name, traceId, spanId)) {
                        continue;
                    }
                    JsonNode status = field(span, "status");
                    batch.add(new OtlpSpan(traceId, spanId, name, int64(field(span, "startTimeUnixNano")),
                            int64(field(span, "endTimeUnixNano")), status != null && statusCode(field(status, "code"))
                            == STATUS_CODE_ERROR, attributes(field(span, "attributes")), events(span)));
                }
            }
        }
        return batch.batch();
    }

    /** Log records; one not tied to a span (no ids) is read, one with malformed ids is rejected. */
    static OtlpBatch<OtlpLogRecord> decodeLogs(byte[] body) throws MalformedOtlp {
        JsonNode root = root(body, "ExportLogsServiceRequest");
        OtlpBatch.Collector<OtlpLogRecord> batch = new OtlpBatch.Collector<>("log record", ID_RULE);
        for (JsonNode resource : array(root, "resourceLogs")) {
            for (JsonNode scope : array(resource, "scopeLogs")) {
                for (JsonNode log : array(scope, "logRecords")) {
                    String name = text(field(log, "eventName"));
                    String rawTrace = text(field(log, "traceId"));
                    String rawSpan = text(field(log, "spanId"));
                    String traceId = SpanIds.hex(rawTrace, 16);
                    String spanId = SpanIds.hex(rawSpan, 8);
                    if (!(SpanIds.unset(rawTrace) && SpanIds.unset(rawSpan)) && !batch.validIds(name, traceId, spanId)) {
                        continue;
                    }
                    long time = int64(field(log, "timeUnixNano"));
                    JsonNode logBody = field(log, "body");
                    batch.add(new OtlpLogRecord(traceId, spanId, name, time != 0 ? time
                            : int64(field(log, "observedTimeUnixNano")), attributes(field(log, "attributes")),
                            logBody == null ? null : value(logBody)));
                }
            }
        }
        return batch.batch();
    }

    private static JsonNode root(byte[] body, String message) throws MalformedOtlp {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new MalformedOtlp("the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedOtlp("the body is not a JSON object (an " + message + ")");
        }
        return root;
    }

    /** The field by its lowerCamelCase name, or by the proto field name (snake_case). */
    private static JsonNode field(JsonNode node, String camel) {
        JsonNode value = node.get(camel);
        if (value == null) {
            value = node.get(SNAKE.computeIfAbsent(camel, OtlpJson::snake));
        }
        return value == null || value.isNull() ? null : value;
    }

    private static String snake(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Iterable<JsonNode> array(JsonNode node, String camel) throws MalformedOtlp {
        JsonNode value = field(node, camel);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new MalformedOtlp("field " + camel + " must be an array");
        }
        return value;
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() ? null : node.asText();
    }

    private static long int64(JsonNode node) throws MalformedOtlp {
        if (node == null) {
            return 0;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Long.parseUnsignedLong(node.asText());
            } catch (NumberFormatException e) {
                throw new MalformedOtlp("a 64-bit integer field is not a number: '" + node.asText() + "'");
            }
        }
        throw new MalformedOtlp("a 64-bit integer field is neither a number nor a string");
    }

    /** Enums are integers in OTLP/JSON; the enum's name is accepted as well (protobuf's JSON mapping). */
    private static int statusCode(JsonNode node) {
        if (node == null) {
            return 0;
        }
        if (node.isInt()) {
            return node.asInt();
        }
        return "STATUS_CODE_ERROR".equals(node.asText()) ? STATUS_CODE_ERROR : 0;
    }

    private static List<OtlpSpan.Event> events(JsonNode span) throws MalformedOtlp {
        List<OtlpSpan.Event> out = new ArrayList<>();
        for (JsonNode event : array(span, "events")) {
            out.add(new OtlpSpan.Event(text(field(event, "name")), attributes(field(event, "attributes"))));
        }
        return out;
    }

    private static Map<String, Object> attributes(JsonNode list) throws MalformedOtlp {
        if (list == null) {
            return Map.of();
        }
        if (!list.isArray()) {
            throw new MalformedOtlp("field attributes must be an array of {key, value}");
        }
        Map<String, Object> map = new HashMap<>();
        for (JsonNode kv : list) {
            String key = text(field(kv, "key"));
            JsonNode value = field(kv, "value");
            Object decoded = value == null ? null : value(value);
            if (key != null && decoded != null) {
                map.put(key, decoded);
            }
        }
        return map;
    }

    private static Object value(JsonNode any) throws MalformedOtlp {
        JsonNode v;
        if ((v = field(any, "stringValue")) != null) {
            return v.asText();
        }
        if ((v = field(any, "boolValue")) != null) {
            return v.asBoolean();
        }
        if ((v = field(any, "intValue")) != null) {
            return int64(v);
        }
        if ((v = field(any, "doubleValue")) != null) {
            return v.asDouble();
        }
        if ((v = field(any, "bytesValue")) != null) {
            try {
                return Base64.getDecoder().decode(v.asText()); // bytes other than ids stay base64
            } catch (IllegalArgumentException e) {
                throw new MalformedOtlp("a bytesValue is not base64");
            }
        }
        if ((v = field(any, "arrayValue")) != null) {
            List<Object> items = new ArrayList<>();
            for (JsonNode item : array(v, "values")) {
                items.add(value(item));
            }
            return items;
        }
        if ((v = field(any, "kvlistValue")) != null) {
            return attributes(field(v, "values"));
        }
        return null;
    }

    static byte[] response(int rejected, String errorMessage) {
        return response("rejectedSpans", rejected, errorMessage);
    }

    static byte[] logsResponse(int rejected, String errorMessage) {
        return response("rejectedLogRecords", rejected, errorMessage);
    }

    private static byte[] response(String rejectedField, int rejected, String errorMessage) {
        ObjectNode root = MAPPER.createObjectNode();
        if (rejected > 0 || errorMessage != null) {
            ObjectNode partial = root.putObject("partialSuccess");
            partial.put(rejectedField, String.valueOf(rejected)); // int64: a string in protobuf's JSON mapping
            if (errorMessage != null) {
                partial.put("errorMessage", errorMessage);
            }
        }
        return bytes(root);
    }

    static byte[] status(int code, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("code", code);
        root.put("message", message);
        return bytes(root);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }
}
