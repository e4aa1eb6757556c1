package dev.driftgate.gate;

import static dev.driftgate.gate.TestRuns.constant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.run.EvalRun;
import org.junit.jupiter.api.Test;

class ScorecardRendererTest {
    private final QualityGate gate = new QualityGate(TestRuns.policy(false));
    private final ScorecardRenderer renderer = new ScorecardRenderer();

    @Test
    void noBaselineScorecardSaysWhyAndHasNoDeltaColumnsFilled() {
        EvalRun cur = TestRuns.uniform("ci-1", 0.85, 4).build();
        String md = renderer.render(gate.decide(cur, Baseline.absent("run store unavailable: Connection refused")));
        assertThat(md.lines().findFirst()).contains("## ✅ driftgate quality gate: PASS");
        assertThat(md).contains("> **No baseline comparison:** run store unavailable: Connection refused. "
                + "Only the absolute thresholds (overall ≥ 0.80, every category ≥ 0.72) were applied.")
                .contains("| safety | – | – | 0.8500 | – | – | no baseline |")
                .doesNotContain("### Most regressed examples");
    }

    @Test
    void statesOneSidedCategoriesAndEscapesTableCells() {
        EvalRun base = TestRuns.uniform("base", 0.9, 3).without("safety").build();
        EvalRun cur = TestRuns.uniform("cur", 0.9, 3).category("reasoning", constant(0.8, 3)).build();
        String md = renderer.render(gate.decide(cur, Baseline.of(base)));
        assertThat(md).contains("| safety | 0 | – | 0.9000 | – | – | new category |")
                .contains("Category `safety` is new in the current run");
        assertThat(ScorecardRenderer.cell("a|b\nc`d")).isEqualTo("a\\|b c'd");
        assertThat(ScorecardRenderer.excerpt("x".repeat(100))).hasSize(60).endsWith("…");
    }
}
