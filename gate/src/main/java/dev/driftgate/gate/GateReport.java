package dev.driftgate.gate;

import dev.driftgate.core.run.EvalRun;
import java.util.List;

/**
 * Everything the gate decided and why; the scorecard renders it, the CLI maps {@link #verdict} to an
 * exit code.
 *
 * @param baseline        the production run compared against, or null
 * @param baselineAbsence why there is no comparison (absolute thresholds only), or null
 * @param blockingReasons one line per rule that blocked; empty when the gate passes
 * @param notes           what did not line up between the runs, and other caveats (Markdown; names in them
 *                        are escaped by MarkdownText.code where the note is written)
 * @param baselineOrigin  where the baseline was read (store or committed file at a revision), or null
 */
public record GateReport(
        Verdict verdict,
        EvalRun current,
        EvalRun baseline,
        String baselineAbsence,
        List<CategoryRow> categories,
        OverallRow overall,
        List<ExampleChange> mostRegressed,
        List<String> blockingReasons,
        List<String> notes,
        GatePolicy policy,
        String baselineOrigin) {

    public enum Verdict { PASS, BLOCKED }

    /** How a category compared; the statuses that block are {@link #blocks()}. */
    public enum Status {
        OK("ok", false),
        IMPROVED("improved", false),
        DROP_WITHIN_NOISE("drop within noise", false),
        SIGNIFICANT_DROP("significant drop", false),
        REGRESSED("regressed", true),
        REGRESSED_WITHIN_NOISE("drop beyond delta, within noise (not blocking)", false),
        BELOW_MIN("below minimum", true),
        NEW("new category", false),
        NO_SHARED_EXAMPLES("no shared examples", false),
        MISSING("missing from current run", false),
        ABSOLUTE_ONLY("no baseline", false);

        private final String label;
        private final boolean blocks;

        Status(String label, boolean blocks) {
            this.label = label;
            this.blocks = blocks;
        }

        public String label() {
            return label;
        }

        public boolean blocks() {
            return blocks;
        }
    }

    /**
     * One category. {@code baselineScore}/{@code currentScore} are means over the shared examples when
     * a baseline exists (so the delta is fair), otherwise {@code currentScore} is the run's own score;
     * {@code currentRunScore} is always the run's own score, which the absolute minimum applies to.
     * Null fields mean "not applicable".
     */
    public record CategoryRow(
            String category,
            int sharedExamples,
            Double baselineScore,
            Double currentScore,
            Double currentRunScore,
            Double delta,
            Interval ci,
            List<Status> statuses) {

        public boolean blocks() {
            return statuses.stream().anyMatch(Status::blocks);
        }
    }

    /** Overall: the run's own weighted score, and the weighted delta over the shared examples. */
    public record OverallRow(
            double currentRunScore,
            Double baselineShared,
            Double currentShared,
            Double delta,
            Interval ci,
            boolean belowMin) {
    }

    /** An example whose composite fell, for the "most regressed" table. */
    public record ExampleChange(String id, String category, String prompt, double before, double after) {
        public double delta() {
            return after - before;
        }
    }

    public boolean passed() {
        return verdict == Verdict.PASS;
    }
}
