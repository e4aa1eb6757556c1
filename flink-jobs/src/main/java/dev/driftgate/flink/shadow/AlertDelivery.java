package dev.driftgate.flink.shadow;

import dev.driftgate.core.store.AlertStore;
import java.time.Instant;

/** What happened when an alert was sent to Slack: one alerts-table row. */
public record AlertDelivery(DriftAlert alert, boolean delivered, String error) {

    /** The row {@link AlertStore#UPSERT} writes; idempotent on the alert's event key. */
    public AlertStore.AlertRow row() {
        return new AlertStore.AlertRow("shadow", alert.shadowModel(), alert.category(), alert.kind(), alert.value(),
                alert.threshold(), alert.message(), delivered, error, Instant.ofEpochMilli(alert.raisedAtMillis()),
                alert.eventKey());
    }
}
