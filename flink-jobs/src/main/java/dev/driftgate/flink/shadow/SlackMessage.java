package dev.driftgate.flink.shadow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;

/** Slack Block Kit payload for an incoming webhook: header, fields, context; {@code text} is the notification fallback. */
public final class SlackMessage {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SlackMessage() {
    }

    public static String of(DriftAlert a) {
        boolean alert = DriftAlert.ALERT.equals(a.kind());
        String title = (alert ? ":rotating_light: Shadow drift: " : ":white_check_mark: Shadow recovered: ")
                + a.shadowModel() + " / " + a.category();
        ObjectNode root = F.objectNode();
        root.put("text", title + " - " + a.message());
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", truncate(title, 150));
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", a.message());
        ArrayNode fields = section.putArray("fields");
        field(fields, "Model", a.shadowModel());
        field(fields, "Category", a.category());
        field(fields, "Value", String.format(Locale.ROOT, "%.3f", a.value()));
        field(fields, "Threshold", String.format(Locale.ROOT, "%.3f", a.threshold()));
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "window ending " + Instant.ofEpochMilli(a.windowEnd()) + " (event time) · driftgate");
        return root.toString();
    }

    private static void field(ArrayNode fields, String name, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", "*" + name + "*\n" + value);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
