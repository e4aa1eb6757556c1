package dev.driftgate.gate.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftgate.core.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Block Kit payloads for run alerts (https://api.slack.com/block-kit); {@code text} is the notification fallback. */
final class SlackMessages {
    private SlackMessages() {
    }

    static String summary(boolean alert, String category, double mean, double threshold, int window) {
        return alert
                ? String.format(Locale.ROOT, "driftgate: %s fell to %.4f (mean of the last %d runs), below %.2f",
                        category, mean, window, threshold)
                : String.format(Locale.ROOT, "driftgate: %s recovered to %.4f (mean of the last %d runs), at or above %.2f",
                        category, mean, window, threshold);
    }

    static ObjectNode payload(boolean alert, String category, double mean, double threshold, List<Double> window,
                              String runId, String model, int cooldownMinutes) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("text", summary(alert, category, mean, threshold, window.size()));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("emoji", true).put("text", alert
                ? ":rotating_light: driftgate: " + category + " is below its minimum"
                : ":white_check_mark: driftgate: " + category + " recovered");
        ObjectNode section = blocks.addObject().put("type", "section");
        ArrayNode fields = section.putArray("fields");
        field(fields, "Category", category);
        field(fields, "Mean of last " + window.size() + " runs", String.format(Locale.ROOT, "%.4f", mean));
        field(fields, "Minimum (per_category_min)", String.format(Locale.ROOT, "%.2f", threshold));
        field(fields, "Latest run", "`" + runId + "` (" + model + ")");
        String scores = window.stream().map(v -> String.format(Locale.ROOT, "%.4f", v))
                .collect(Collectors.joining(", "));
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", "Newest first: " + scores
                + (alert ? ". At most one alert per category every " + cooldownMinutes + " min." : "."));
        return root;
    }

    private static void field(ArrayNode fields, String label, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", "*" + label + "*\n" + value);
    }
}
