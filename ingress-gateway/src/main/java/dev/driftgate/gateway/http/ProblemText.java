package dev.driftgate.gateway.http;

import java.util.regex.Pattern;

/**
 * Last line of defence for text that reaches a client: strips what names the implementation (Java
 * class and method names, package names, backquoted settings) from a library's message.
 */
final class ProblemText {
    private static final Pattern BACKQUOTED = Pattern.compile("\\s*\\(?,?\\s*(from|see|use)?\\s*`[^`]*`\\)?");
    private static final Pattern QUALIFIED = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*"
            + "(?:\\.[A-Za-z_][A-Za-z0-9_]*)*(?:\\(\\))?");
    private static final Pattern MEMBER = Pattern.compile("\\b[A-Z][A-Za-z0-9_$]*\\.[a-z][A-Za-z0-9_]*\\(\\)");
    private static final Pattern CLASS_WORD = Pattern.compile("\\b[A-Z][A-Za-z0-9]*(Exception|Error)\\b:?\\s*");

    private ProblemText() {
    }

    static String scrub(String text) {
        if (text == null || text.isBlank()) {
            return "the request could not be handled";
        }
        String out = BACKQUOTED.matcher(text).replaceAll("");
        out = QUALIFIED.matcher(out).replaceAll("the gateway");
        out = MEMBER.matcher(out).replaceAll("a limit");
        out = CLASS_WORD.matcher(out).replaceAll("");
        out = out.replaceAll("\\s+", " ").trim();
        return out.isEmpty() ? "the request could not be handled" : out;
    }
}
