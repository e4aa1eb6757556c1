package dev.driftgate.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the line of a dotted key path (e.g. {@code metric_weights.rouge_l}) in block-style YAML,
 * so semantic errors found after parsing can still point at a line. Flow mappings ({@code {a: 1}})
 * are located by their parent key.
 */
final class YamlKeyLocator {
    private final List<String> lines;

    YamlKeyLocator(String text) {
        this.lines = List.of(text.split("\r?\n", -1));
    }

    /** 1-based line of the deepest key of {@code path} that exists, or 0. */
    int lineOf(String path) {
        String[] keys = path.split("\\.");
        List<int[]> stack = new ArrayList<>(); // {indent, depthMatched}
        int depth = 0;
        int bestLine = 0;
        int parentIndent = -1;
        for (int i = 0; i < lines.size() && depth < keys.length; i++) {
            String raw = lines.get(i);
            String trimmed = raw.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int indent = raw.length() - raw.stripLeading().length();
            if (depth > 0 && indent <= parentIndent) {
                break; // left the matched parent's block without finding the child
            }
            String key = keyOf(trimmed);
            if (key != null && key.equals(keys[depth])) {
                if (depth == 0 && indent != 0) {
                    continue;
                }
                bestLine = i + 1;
                parentIndent = indent;
                depth++;
                stack.add(new int[] {indent, depth});
            }
        }
        return bestLine;
    }

    private static String keyOf(String trimmed) {
        int colon = trimmed.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String key = trimmed.substring(0, colon).strip();
        if (key.startsWith("\"") && key.endsWith("\"") && key.length() >= 2) {
            key = key.substring(1, key.length() - 1);
        }
        return key;
    }
}
