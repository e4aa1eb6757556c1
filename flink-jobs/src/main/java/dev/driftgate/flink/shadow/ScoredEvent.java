package dev.driftgate.flink.shadow;

import dev.driftgate.core.shadow.ShadowEval;

/**
 * The outcome of scoring one event: an eval (possibly with judgeFailed), and a dead letter when the
 * event could not be scored (inference failed) or the judge failed after its retries.
 * {@code prompt} is carried only when raw prompts may be stored.
 */
public record ScoredEvent(ShadowEval eval, String prompt, DeadLetter deadLetter) {
}
