package dev.driftgate.flink.shadow;

/** What happened when an alert was sent to Slack: one alerts-table row. */
public record AlertDelivery(DriftAlert alert, boolean delivered, int attempts, String error) {
}
