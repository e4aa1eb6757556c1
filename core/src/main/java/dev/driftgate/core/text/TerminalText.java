package dev.driftgate.core.text;

/**
 * Makes stored or client-supplied text safe to print on a terminal or into a line-based log: control
 * characters (C0 including ESC, DEL, C1) and bidirectional overrides are shown as visible escapes
 * ({@code \x1b}, {@code \u202e}) instead of moving the cursor, clearing the screen, recolouring or
 * starting a forged log line. Data from an older store was never validated, so printing is guarded
 * even though input is ({@link Names}).
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** {@code text} on one line with every unsafe character escaped; null becomes "". */
    public static String safe(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isUnsafe(c)) {
                if (sb == null) {
                    sb = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                sb.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    /** True for characters a terminal or log reader interprets rather than shows. */
    public static boolean isUnsafe(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x2028 || c == 0x2029;
    }

    /** True when {@code text} has any character {@link #isUnsafe} reports. */
    public static boolean hasUnsafe(String text) {
        return text != null && text.chars().anyMatch(c -> isUnsafe((char) c));
    }
}
