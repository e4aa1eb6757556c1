package dev.driftgate.core.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;

/**
 * Turns a judge's raw text into scores. Strips Markdown fences and the prose around the first JSON
 * object, then checks every field: required scores present, numeric, in [0,1]; overall = mean of
 * the three when absent. Every rejection says what was wrong so it can be recorded.
 */
public final class VerdictParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RATIONALE = 500;

    private VerdictParser() {
    }

    /** A parsed rubric verdict, or the reason it could not be parsed. */
    public record Rubric(double factualAccuracy, double instructionFollowing, double safety, double overall,
                         String rationale, String error) {
        public boolean ok() {
            return error == null;
        }

        static Rubric error(String reason) {
            return new Rubric(Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, reason);
        }
    }

    /** A parsed pairwise verdict: winner "A", "B" or "tie" in the labels of the prompt it answers. */
    public record Pair(String winner, double scoreA, double scoreB, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    public static Rubric parseRubric(String raw) {
        JsonNode node;
        try {
            node = readObject(raw);
        } catch (IllegalArgumentException e) {
            return Rubric.error(e.getMessage());
        }
        try {
            double fa = score(node, "factual_accuracy", true);
            double inf = score(node, "instruction_following", true);
            double sa = score(node, "safety", true);
            double overall = score(node, "overall", false);
            if (Double.isNaN(overall)) {
                overall = (fa + inf + sa) / 3.0;
            }
            JsonNode r = node.get("rationale");
            String rationale = r == null || r.isNull() ? null : r.asText();
            if (rationale != null && rationale.length() > MAX_RATIONALE) {
                rationale = rationale.substring(0, MAX_RATIONALE);
            }
            return new Rubric(fa, inf, sa, overall, rationale, null);
        } catch (IllegalArgumentException e) {
            return Rubric.error(e.getMessage());
        }
    }

    public static Pair parsePair(String raw) {
        try {
            JsonNode node = readObject(raw);
            JsonNode w = node.get("winner");
            if (w == null || !w.isTextual()) {
                throw new IllegalArgumentException("missing field 'winner'");
            }
            String winner = w.asText().trim().toUpperCase(Locale.ROOT);
            if (winner.equals("TIE")) {
                winner = "tie";
            } else if (!winner.equals("A") && !winner.equals("B")) {
                throw new IllegalArgumentException("'winner' must be A, B or tie, got '" + w.asText() + "'");
            }
            return new Pair(winner, score(node, "score_a", true), score(node, "score_b", true), null);
        } catch (IllegalArgumentException e) {
            return new Pair(null, Double.NaN, Double.NaN, e.getMessage());
        }
    }

    /** The JSON object inside {@code raw}: fenced block first, else the first balanced {...}. */
    static JsonNode readObject(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("empty judge response");
        }
        String candidate = extractObject(unfence(raw));
        if (candidate == null) {
            throw new IllegalArgumentException("no complete JSON object in the judge response");
        }
        try {
            JsonNode node = JSON.readTree(candidate);
            if (!node.isObject()) {
                throw new IllegalArgumentException("judge response is JSON but not an object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("judge response is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static String unfence(String raw) {
        int fence = raw.indexOf("```");
        if (fence < 0) {
            return raw;
        }
        int bodyStart = raw.indexOf('\n', fence);
        if (bodyStart < 0) {
            return raw;
        }
        int end = raw.indexOf("```", bodyStart);
        return end < 0 ? raw.substring(bodyStart + 1) : raw.substring(bodyStart + 1, end);
    }

    /** The first balanced {...} (braces inside JSON strings ignored), or null when it never closes. */
    static String extractObject(String text) {
        int start = text.indexOf('{');
        if (start < 0) {
            return null;
        }
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return text.substring(start, i + 1);
            }
        }
        return null;
    }

    private static double score(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing field '" + field + "'");
            }
            return Double.NaN;
        }
        double d;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual()) {
            try {
                d = Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + field + "' is not a number: '" + v.asText() + "'");
            }
        } else {
            throw new IllegalArgumentException("'" + field + "' is not a number: " + v);
        }
        if (!(d >= 0.0 && d <= 1.0)) {
            throw new IllegalArgumentException("'" + field + "' = " + d + " is outside [0,1]");
        }
        return d;
    }
}
