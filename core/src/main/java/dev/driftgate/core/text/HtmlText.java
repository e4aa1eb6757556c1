package dev.driftgate.core.text;

/**
 * The one escaper for values placed into HTML (the self-contained report): text content and
 * quoted attribute values, and JSON embedded in a {@code <script>} element. Values are data (run ids,
 * model names, reasons), never markup; credentials are masked as everywhere we publish ({@link Redaction}).
 */
public final class HtmlText {
    private HtmlText() {
    }

    /** {@code value} safe as element text or inside a double- or single-quoted attribute; null becomes "". */
    public static String text(String value) {
        if (value == null) {
            return "";
        }
        String v = Redaction.redact(value);
        StringBuilder sb = new StringBuilder(v.length() + 16);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * JSON text made safe inside {@code <script type="application/json">}: "<" and ">" and "&" only occur in
     * JSON strings, where their \\u escapes mean the same, so "</script>" and "<!--" cannot end or
     * confuse the element. U+2028/2029 are escaped for older JavaScript parsers.
     */
    public static String scriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
