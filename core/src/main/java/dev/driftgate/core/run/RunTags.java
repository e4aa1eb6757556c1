package dev.driftgate.core.run;

import java.util.Map;

/** Tags with a meaning beyond labels, read by more than one command. */
public final class RunTags {
    /** Set by {@code eval --sim}: the answers came from the LLM simulator, not a real model. */
    public static final String MODELS = "models";
    public static final String SIMULATED = "simulated";

    private RunTags() {
    }

    public static boolean simulated(EvalRun run) {
        Map<String, String> tags = run.tags();
        return tags != null && SIMULATED.equals(tags.get(MODELS));
    }
}
