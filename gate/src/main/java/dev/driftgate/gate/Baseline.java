package dev.driftgate.gate;

import dev.driftgate.core.run.EvalRun;

/** What the gate compares against: the production run and where it came from, or the reason there is none. */
public sealed interface Baseline {
    String STORE_ORIGIN = "the run store (latest run tagged env=production)";

    /**
     * A production run. {@code origin} says where it was read (the run store, or the committed
     * baselines/production.json at a git revision) and goes into the scorecard verbatim, so a reviewer
     * can tell which baseline the verdict rests on.
     */
    record Found(EvalRun run, String origin) implements Baseline {
    }

    /** No comparison possible; {@code reason} goes into the scorecard verbatim. */
    record Absent(String reason) implements Baseline {
    }

    static Baseline of(EvalRun run) {
        return new Found(run, STORE_ORIGIN);
    }

    static Baseline of(EvalRun run, String origin) {
        return new Found(run, origin);
    }

    static Baseline absent(String reason) {
        return new Absent(reason);
    }
}
