package dev.driftgate.core.text;

/**
 * The one escaper for values placed into Slack mrkdwn and plain_text
 * (https://api.slack.com/reference/surfaces/formatting#escaping): {@code &}, {@code <} and
 * {@code >} become entities, so a model or category named {@code <!channel>} or
 * {@code <https://evil|click>} cannot ping a channel or forge a link. Control characters are
 * flattened and credentials masked, because alerts are read by more people than the log.
 */
public final class SlackText {
    private SlackText() {
    }

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 8);
        String redacted = Redaction.redact(text);
        for (int i = 0; i < redacted.length(); i++) {
            char c = redacted.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                // newlines are kept: Slack texts are multi-line; other control characters are not
                default -> sb.append(c != '\n' && TerminalText.isUnsafe(c) ? ' ' : c);
            }
        }
        return sb.toString();
    }
}
