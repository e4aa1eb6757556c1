package dev.driftgate.core.text;

/**
 * The one escaper for values placed into GitHub-flavoured Markdown (scorecard.md, the PR comment, the
 * Actions step summary). Values are data (prompt excerpts, raw judge output, category and model
 * names, run ids, tags, error reasons), never markup, so that a hostile value cannot add HTML
 * ({@code <img>}, {@code <script>}), links or images, ping people ({@code @org/team}), or shift a
 * table ({@code |}). Credentials are masked too ({@link Redaction}), since everything escaped here
 * is published. GFM spec: https://github.github.com/gfm/ (backslash escapes, tables, autolinks).
 */
public final class MarkdownText {
    /** Zero-width space: breaks mention and autolink recognition without changing what a reader sees. */
    private static final char ZWSP = '\u200b';
    /**
     * Punctuation that could start markup mid-line: links and images need "[", code spans "`",
     * cells end at "|", emphasis needs "*" or "~". Line-start markup ("#", "-", "1.") cannot occur
     * because callers always put text after their own prefix, and "_" is left alone (intraword
     * underscores do not emphasise in GFM; names like factual_qa stay readable in the raw file).
     */
    private static final String PUNCTUATION = "\\`*[]|~";

    private MarkdownText() {
    }

    /**
     * {@code value} as literal inline text on one line, safe in a paragraph, list item or table
     * cell; null becomes "".
     */
    public static String text(String value) {
        if (value == null) {
            return "";
        }
        String flat = oneLine(Redaction.redact(value));
        StringBuilder sb = new StringBuilder(flat.length() + 16);
        for (int i = 0; i < flat.length(); i++) {
            char c = flat.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                // GitHub links @user, @org/team after rendering, even from entities: break the word
                case '@' -> sb.append('@').append(ZWSP);
                case ':' -> {
                    sb.append(':');
                    if (flat.startsWith("//", i + 1)) {
                        sb.append(ZWSP); // no autolink of http://...
                    }
                }
                default -> {
                    if (PUNCTUATION.indexOf(c) >= 0) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
            }
        }
        // "www.example.com" is autolinked without a scheme
        return sb.toString().replaceAll("(?i)\\bwww\\.", "www" + ZWSP + ".");
    }

    /**
     * {@code value} inside a code span ({@code `value`}): nothing in a code span is markup, mention
     * or link; a backtick would end the span, so it is replaced, and {@code |} is still escaped
     * because GFM splits table cells before it parses code spans.
     */
    public static String code(String value) {
        if (value == null) {
            return "–";
        }
        String flat = oneLine(Redaction.redact(value)).replace('`', '\'').replace("|", "\\|");
        return "`" + (flat.isBlank() ? " " : flat) + "`";
    }

    /** Newlines and other control characters would end a table row or a list item. */
    private static String oneLine(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            sb.append(TerminalText.isUnsafe(c) ? ' ' : c);
        }
        return sb.toString().replaceAll(" {2,}", " ").strip();
    }
}
