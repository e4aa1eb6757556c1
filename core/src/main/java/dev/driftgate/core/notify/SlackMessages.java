package dev.driftgate.core.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The two Slack messages driftgate sends: run alerts (gate) and shadow drift alerts (stream). */
public final class SlackMessages {
    private SlackMessages() {
    }

    /** One line for the alerts table and the notification: a category's rolling mean crossed its minimum. */
    public static String runSummary(boolean alert, String category, double mean, double threshold, int window) {
        return alert
                ? String.format(Locale.ROOT, "driftgate: %s fell to %.4f (mean of the last %d runs), below %.2f",
                        category, mean, window, threshold)
                : String.format(Locale.ROOT, "driftgate: %s recovered to %.4f (mean of the last %d runs), at or above %.2f",
                        category, mean, window, threshold);
    }

    /** A run alert or recovery; {@code window} holds the category's recent composites, newest first. */
    public static ObjectNode runAlert(boolean alert, String category, double mean, double threshold,
                                      List<Double> window, String runId, String model, int cooldownMinutes) {
        String scores = window.stream().map(v -> String.format(Locale.ROOT, "%.4f", v))
                .collect(Collectors.joining(", "));
        return SlackBlocks.message(runSummary(alert, category, mean, threshold, window.size()))
                .header(alert ? ":rotating_light: driftgate: " + category + " is below its minimum"
                        : ":white_check_mark: driftgate: " + category + " recovered")
                .field("Category", category)
                .field("Mean of last " + window.size() + " runs", String.format(Locale.ROOT, "%.4f", mean))
                .field("Minimum (per_category_min)", String.format(Locale.ROOT, "%.2f", threshold))
                .field("Latest run", runId + " (" + model + ")")
                .context("Newest first: " + scores
                        + (alert ? ". At most one alert per category every " + cooldownMinutes + " min." : "."))
                .build();
    }

    /** A shadow drift alert or recovery for (model, category), raised at the end of an event-time window. */
    public static ObjectNode driftAlert(boolean alert, String model, String category, double value, double threshold,
                                        String message, long windowEndMillis) {
        String title = (alert ? ":rotating_light: Shadow drift: " : ":white_check_mark: Shadow recovered: ")
                + model + " / " + category;
        return SlackBlocks.message(title + " - " + message)
                .header(title)
                .section(message)
                .field("Model", model)
                .field("Category", category)
                .field("Value", String.format(Locale.ROOT, "%.3f", value))
                .field("Threshold", String.format(Locale.ROOT, "%.3f", threshold))
                .context("window ending " + Instant.ofEpochMilli(windowEndMillis) + " (event time) · driftgate")
                .build();
    }
}
