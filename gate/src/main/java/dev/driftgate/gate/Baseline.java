package dev.driftgate.gate;

import dev.driftgate.core.run.EvalRun;

/** What the gate compares against: the production run, or the reason there is none. */
public sealed interface Baseline {

    /** The latest run tagged env=production. */
    record Found(EvalRun run) implements Baseline {
    }

    /** No comparison possible; {@code reason} goes into the scorecard verbatim. */
    record Absent(String reason) implements Baseline {
    }

    static Baseline of(EvalRun run) {
        return new Found(run);
    }

    static Baseline absent(String reason) {
        return new Absent(reason);
    }
}
