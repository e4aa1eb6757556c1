package dev.driftgate.gateway.otlp;

import java.util.List;
import java.util.Map;

/** Typed reads of decoded attribute values; a value of the wrong type reads as absent, never guessed. */
final class Attributes {
    private Attributes() {
    }

    static String string(Map<String, Object> attributes, String key) {
        return attributes.get(key) instanceof String s ? s : null;
    }

    static Double number(Map<String, Object> attributes, String key) {
        return attributes.get(key) instanceof Number n ? n.doubleValue() : null;
    }

    static Long integer(Map<String, Object> attributes, String key) {
        Object value = attributes.get(key);
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d && d == Math.rint(d)) {
            return d.longValue();
        }
        return null;
    }

    /** A string array attribute (a single string counts as a one-element list). */
    static List<String> strings(Map<String, Object> attributes, String key) {
        Object value = attributes.get(key);
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        return null;
    }

    static Integer int32(Long value) {
        return value == null || value != (int) (long) value ? null : (int) (long) value;
    }
}
