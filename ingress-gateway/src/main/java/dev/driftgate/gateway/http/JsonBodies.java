package dev.driftgate.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.driftgate.core.json.Json;
import java.nio.charset.StandardCharsets;

/** Checks the content type and reads a body into a JSON object, or says precisely what is wrong. */
final class JsonBodies {
    private static final ObjectMapper MAPPER = Json.mapper();

    private JsonBodies() {
    }

    static JsonNode readObject(String contentType, byte[] body) {
        if (!isJson(contentType)) {
            throw ProblemException.wrongContentType(contentType);
        }
        if (body == null || body.length == 0) {
            throw ProblemException.invalidJson("the request body is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw ProblemException.invalidJson("the body is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ProblemException.invalidJson("the body could not be read as UTF-8 JSON");
        }
        if (node == null || node.getNodeType() != JsonNodeType.OBJECT) {
            throw ProblemException.invalidJson("the body must be a JSON object, got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
        }
        return node;
    }

    /** application/json or any application/*+json, with or without parameters such as charset. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi >= 0 ? contentType.substring(0, semi) : contentType).trim().toLowerCase();
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** A required non-blank string within the byte limit. */
    static String requiredPrompt(JsonNode node, String field, int maxBytes) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw ProblemException.invalidField(field, field + " is required");
        }
        if (!node.isTextual()) {
            throw ProblemException.invalidField(field, field + " must be a string, got "
                    + node.getNodeType().name().toLowerCase());
        }
        String value = node.textValue();
        if (value.isBlank()) {
            throw ProblemException.invalidField(field, field + " must not be blank");
        }
        checkSize(value, field, maxBytes);
        return value;
    }

    static void checkSize(String value, String field, int maxBytes) {
        // cheap bound first: a UTF-8 char takes at most 3 bytes per UTF-16 unit
        if ((long) value.length() * 3 > maxBytes) {
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxBytes) {
                throw ProblemException.promptTooLarge(field, bytes, maxBytes);
            }
        }
    }

    static String optionalText(JsonNode node, String field, int maxLength) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw ProblemException.invalidField(field, field + " must be a non-blank string when given");
        }
        if (node.textValue().length() > maxLength) {
            throw ProblemException.invalidField(field, field + " must be at most " + maxLength + " characters");
        }
        return node.textValue();
    }

    static Double optionalNumber(JsonNode node, String field, double min, double max) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isNumber() || node.doubleValue() < min || node.doubleValue() > max) {
            throw ProblemException.invalidField(field, field + " must be a number within [" + min + ", " + max + "]");
        }
        return node.doubleValue();
    }

    static Integer optionalPositiveInt(JsonNode node, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() <= 0) {
            throw ProblemException.invalidField(field, field + " must be a positive integer");
        }
        return node.intValue();
    }
}
