package dev.driftgate.flink.shadow;

import dev.driftgate.core.shadow.ShadowEval;

/**
 * The outcome of scoring one event: an eval (possibly with judgeFailed), and a dead letter when the
 * event could not be scored (inference failed) or the judge failed after its retries.
 * {@code prompt} is carried only when raw prompts may be stored; {@code candidate} is what the
 * candidate was sent (its overrides and request schema are written with the row); {@code late} that
 * its window had fired when it arrived (written and counted, kept out of drift_windows);
 * {@code costUsd} what its model calls cost (shadow_evals.cost_usd, read by the daily spend budget);
 * {@code source} the Kafka record it was read from (null when unknown).
 */
public record ScoredEvent(ShadowEval eval, String prompt, DeadLetter deadLetter, CandidateCall candidate,
                          boolean late, double costUsd, SourceOffset source) {

    public ScoredEvent(ShadowEval eval, String prompt, DeadLetter deadLetter, CandidateCall candidate) {
        this(eval, prompt, deadLetter, candidate, false, 0.0, null);
    }

    ScoredEvent asLate() {
        return new ScoredEvent(eval, prompt, deadLetter, candidate, true, costUsd, source);
    }

    /** Not late: it goes into its drift window. */
    boolean onTime() {
        return !late;
    }
}
