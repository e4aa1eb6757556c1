package dev.driftgate.flink.shadow;

/**
 * An event the {@link ShedOverload} stage shed, and which cap shed it: the row in shadow_dead_letters
 * says so, since the keep fraction follows two limits with different fixes (capacity or money).
 */
public record ShedEvent(ParsedEvent event, Cause cause) {
    public enum Cause {
        /** The event lag was over overload.target_lag_seconds: scoring capacity is short. */
        LAG("event lag over target"),
        /** overload.daily_budget_usd: the day's spend would exceed the budget at the full rate. */
        DAILY_BUDGET("daily budget");

        private final String label;

        Cause(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
