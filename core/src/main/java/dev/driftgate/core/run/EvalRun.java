package dev.driftgate.core.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.core.scoring.ModelUsage;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;

/**
 * One evaluation run: the content of scores_output/scores.json (see {@link ScoresFile}) and of the
 * eval_* tables. A score that does not exist (a failed example, an empty category) is NaN in memory
 * and null on disk and in the database.
 *
 * <p>{@code params} is every parameter that shaped the scores, flat and sorted ({@link RunParameters}):
 * what the seed logged to MLflow, so two runs can be told apart by more than their config hash.
 */
public record EvalRun(
        String runId,
        Instant startedAt,
        Instant finishedAt,
        Status status,
        String gitSha,
        Integer prNumber,
        String model,
        String judgeModel,
        String promptTemplateVersion,
        String systemPromptHash,
        String datasetVersion,
        String configHash,
        Map<String, String> tags,
        double overall,
        Map<String, CategoryScore> categories,
        List<ExampleResult> examples,
        Map<String, ModelUsage> usage,
        int judgeFailures,
        Map<String, String> params) {

    public EvalRun {
        // always sorted: scores.json, the database and the scorecard list parameters in one order
        params = Collections.unmodifiableSortedMap(params == null ? new TreeMap<>() : new TreeMap<>(params));
    }

    /** A run without recorded parameters (tests, runs read from before parameters were recorded). */
    public EvalRun(String runId, Instant startedAt, Instant finishedAt, Status status, String gitSha, Integer prNumber,
                   String model, String judgeModel, String promptTemplateVersion, String systemPromptHash,
                   String datasetVersion, String configHash, Map<String, String> tags, double overall,
                   Map<String, CategoryScore> categories, List<ExampleResult> examples, Map<String, ModelUsage> usage,
                   int judgeFailures) {
        this(runId, startedAt, finishedAt, status, gitSha, prNumber, model, judgeModel, promptTemplateVersion,
                systemPromptHash, datasetVersion, configHash, tags, overall, categories, examples, usage, judgeFailures,
                Map.of());
    }

    /** How a run ended; {@link #wire()} is the spelling in scores.json and eval_runs.status. */
    public enum Status {
        /** Every stage ran and the failed fraction stayed within the limit: the gate may judge it. */
        COMPLETED("completed"),
        /** Interrupted; the examples that finished are kept. */
        ABORTED("aborted"),
        /** More examples failed than scoring.max_failed_fraction allows. */
        TOO_MANY_FAILURES("too_many_failures");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }

        /** The status spelled {@code wire}; unknown spellings are rejected, naming the valid ones. */
        @JsonCreator
        public static Status fromWire(String wire) {
            for (Status s : values()) {
                if (s.wire.equals(wire)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown run status '" + wire
                    + "' (expected completed, aborted or too_many_failures)");
        }

        @Override
        public String toString() {
            return wire;
        }
    }
}
