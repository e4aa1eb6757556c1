package dev.driftgate.core.scoring;

/** Calls, tokens and estimated cost of one model over a run. */
public record ModelUsage(String model, long calls, long inputTokens, long outputTokens, double costUsd) {
    public ModelUsage plus(ModelUsage other) {
        return new ModelUsage(model, calls + other.calls, inputTokens + other.inputTokens,
                outputTokens + other.outputTokens, costUsd + other.costUsd);
    }
}
