package dev.driftgate.flink.shadow;

/**
 * An alert or recovery for (shadowModel, category), raised at the end of window {@code windowEnd}
 * (event time). {@code eventKey} is unique per alert so a replay after a restore upserts, never duplicates.
 */
public record DriftAlert(String shadowModel, String category, String kind, double value, double threshold,
                         String message, long windowEnd, long raisedAtMillis) {
    public static final String ALERT = "alert";
    public static final String RECOVERY = "recovery";

    public String eventKey() {
        return "shadow|" + shadowModel + "|" + category + "|" + kind + "|" + windowEnd;
    }
}
