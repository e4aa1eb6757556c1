package dev.driftgate.gateway.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.driftgate.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks the content type and reads a body into a JSON object strictly (RFC 8259 and RFC 3629): valid
 * UTF-8 only (no overlong forms, no encoded surrogates), no content after the object, no duplicate
 * keys, no lone surrogates from backslash-u escapes. Otherwise it says what is wrong in plain words:
 * a parser's own message, which can name its classes and settings, never reaches a client.
 */
final class JsonBodies {
    private static final ObjectMapper MAPPER = Json.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonBodies() {
    }

    static JsonNode readObject(String contentType, byte[] body) {
        if (!isJson(contentType)) {
            throw ProblemException.wrongContentType(contentType);
        }
        if (body == null || body.length == 0) {
            throw ProblemException.invalidJson("the request body is empty; expected a JSON object");
        }
        String text = strictUtf8(body);
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw ProblemException.invalidJson("the body is not valid JSON" + where + ": " + explain(e));
        } catch (java.io.IOException e) {
            throw ProblemException.invalidJson("the body could not be read as UTF-8 JSON");
        }
        if (node == null || node.getNodeType() != JsonNodeType.OBJECT) {
            throw ProblemException.invalidJson("the body must be a JSON object, got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
        }
        String surrogate = loneSurrogate(node, "");
        if (surrogate != null) {
            throw ProblemException.invalidJson("the body is not valid JSON: " + surrogate
                    + " holds a lone surrogate escape (a \\uD800-\\uDFFF that is not half of a pair)");
        }
        return node;
    }

    /** Decodes strictly: Java's UTF-8 decoder refuses overlong forms, encoded surrogates and stray bytes. */
    private static String strictUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.invalidJson("the body is not valid UTF-8 (an invalid, overlong or surrogate "
                    + "byte sequence); send JSON as UTF-8");
        }
    }

    /** The property path of the first string or name holding a lone surrogate, or null. */
    private static String loneSurrogate(JsonNode node, String path) {
        if (node.isTextual()) {
            return hasLoneSurrogate(node.textValue()) ? (path.isEmpty() ? "a value" : path) : null;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (hasLoneSurrogate(e.getKey())) {
                    return "a property name" + (path.isEmpty() ? "" : " in " + path);
                }
                String found = loneSurrogate(e.getValue(), child);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = loneSurrogate(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** The parser's complaint in product words. */
    static String explain(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            String m = String.valueOf(e.getOriginalMessage()).toLowerCase();
            if (m.contains("nesting")) {
                return "objects and arrays nest too deeply (at most 1000 levels)";
            }
            if (m.contains("number")) {
                return "a number is too long";
            }
            if (m.contains("string")) {
                return "a string is too long";
            }
            if (m.contains("name")) {
                return "a property name is too long";
            }
            return "the document exceeds the parser's size limits";
        }
        if (e instanceof MismatchedInputException && String.valueOf(e.getOriginalMessage()).contains("Trailing token")) {
            return "there is content after the JSON object; send exactly one object";
        }
        if (e instanceof JsonParseException && String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
            return "duplicate property " + quoted(e.getOriginalMessage()) + "; each property may appear once";
        }
        if (e instanceof JsonEOFException) {
            return "the body ends before the JSON is complete";
        }
        return ProblemText.scrub(e.getOriginalMessage());
    }

    private static String quoted(String message) {
        int a = message.indexOf('\'');
        int b = a < 0 ? -1 : message.indexOf('\'', a + 1);
        return b > a ? message.substring(a, b + 1) : "";
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
