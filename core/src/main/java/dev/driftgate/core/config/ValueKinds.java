package dev.driftgate.core.config;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;

/**
 * Names the kind of value a config key takes in the words of the file's author ("a whole number",
 * "true or false"), never as a Java type ("java.lang.Integer", "`int`"), for type errors.
 */
final class ValueKinds {
    private ValueKinds() {
    }

    static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (type == LocalDate.class) {
            return "a date (YYYY-MM-DD)";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return Map.class.isAssignableFrom(type) || type.isRecord() ? "a mapping of keys" : "a different kind of value";
    }

    /** Replaces Java type names Jackson puts into a message (`int`, `java.lang.Integer`). */
    static String withoutJavaNames(String message) {
        return message.replaceAll("`[\\w.$<>\\[\\], ]+`", "a value of another kind")
                .replaceAll("\\b(?:java|javax|com\\.fasterxml|dev\\.driftgate)\\.[\\w.$]+", "a value");
    }
}
