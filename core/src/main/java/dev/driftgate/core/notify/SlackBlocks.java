package dev.driftgate.core.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.text.SlackText;

/**
 * The one Block Kit builder (https://api.slack.com/block-kit) for incoming-webhook messages:
 * fallback text, header, section fields, context. Every text it is given is escaped
 * ({@link #escape}), so a model or category named {@code <!channel>} cannot ping a channel or
 * forge a link; the markup it adds itself (bold labels) is not.
 */
public final class SlackBlocks {
    /** Slack rejects header texts over 150 characters. */
    static final int MAX_HEADER = 150;

    private final ObjectNode root = Json.mapper().createObjectNode();
    private final ArrayNode blocks;
    private ArrayNode fields;

    private SlackBlocks(String fallback) {
        root.put("text", escape(fallback));
        blocks = root.putArray("blocks");
    }

    /** {@code fallback} is what notifications and clients without blocks show. */
    public static SlackBlocks message(String fallback) {
        return new SlackBlocks(fallback);
    }

    /** Slack's control characters; the rules live in {@link SlackText}. */
    public static String escape(String text) {
        return SlackText.escape(text);
    }

    public SlackBlocks header(String text) {
        String t = escape(text);
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text").put("emoji", true)
                .put("text", t.length() <= MAX_HEADER ? t : t.substring(0, MAX_HEADER - 1) + "…");
        fields = null;
        return this;
    }

    /** A section block with {@code text}; following {@link #field}s go into it. */
    public SlackBlocks section(String text) {
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", escape(text));
        fields = section.putArray("fields");
        return this;
    }

    /** A "*label*\nvalue" field; opens a section without text when none is open. */
    public SlackBlocks field(String label, String value) {
        if (fields == null) {
            fields = blocks.addObject().put("type", "section").putArray("fields");
        }
        fields.addObject().put("type", "mrkdwn").put("text", "*" + escape(label) + "*\n" + escape(value));
        return this;
    }

    public SlackBlocks context(String text) {
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", escape(text));
        fields = null;
        return this;
    }

    public ObjectNode build() {
        return root.deepCopy();
    }
}
