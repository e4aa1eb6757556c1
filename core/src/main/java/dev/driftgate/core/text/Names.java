package dev.driftgate.core.text;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates the names users and configs choose and the product later prints, stores and puts into
 * Markdown and Slack: model strings and run tags. Refusing control characters and newlines at input
 * means a name cannot move a cursor, forge a log line or break a table row later; the length bound
 * keeps tables and Slack headers readable. Errors name the field and show the value escaped.
 */
public final class Names {
    public static final int MAX_MODEL_CHARS = 200;
    public static final int MAX_TAG_KEY_CHARS = 64;
    public static final int MAX_TAG_VALUE_CHARS = 200;
    /** Tag keys are identifiers (env, team, pr): the store and queries match them exactly. */
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.-]+");

    private Names() {
    }

    /** Why {@code value} is not acceptable as a model string, or null when it is. */
    public static String modelProblem(String value) {
        return textProblem(value, MAX_MODEL_CHARS);
    }

    /** Throws naming {@code field} unless {@code value} is an acceptable model string. */
    public static String requireModel(String field, String value) {
        String problem = modelProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException(field + ": " + problem);
        }
        return value;
    }

    /** Throws naming the tag unless every key and value is acceptable. */
    public static Map<String, String> requireTags(String field, Map<String, String> tags) {
        if (tags == null) {
            return null;
        }
        tags.forEach((key, value) -> {
            if (key == null || key.length() > MAX_TAG_KEY_CHARS || !TAG_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException(field + ": tag key '" + TerminalText.safe(key) + "' must be 1-"
                        + MAX_TAG_KEY_CHARS + " letters, digits, '_', '.' or '-'");
            }
            String problem = textProblem(value, MAX_TAG_VALUE_CHARS);
            if (problem != null) {
                throw new IllegalArgumentException(field + ": tag " + key + ": " + problem);
            }
        });
        return tags;
    }

    private static String textProblem(String value, int maxChars) {
        if (value == null || value.isBlank()) {
            return "must not be empty";
        }
        if (value.length() > maxChars) {
            return "must be at most " + maxChars + " characters, got " + value.length();
        }
        if (TerminalText.hasUnsafe(value) || !value.equals(value.strip())) {
            return "must not contain control characters, newlines or surrounding spaces, got '"
                    + TerminalText.safe(value) + "'";
        }
        return null;
    }
}
