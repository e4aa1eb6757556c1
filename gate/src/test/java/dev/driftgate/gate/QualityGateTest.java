package dev.driftgate.gate;

import static dev.driftgate.gate.TestRuns.constant;
import static dev.driftgate.gate.TestRuns.noisy;
import static dev.driftgate.gate.TestRuns.shifted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.run.EvalRun;
import dev.driftgate.gate.GateReport.CategoryRow;
import dev.driftgate.gate.GateReport.Status;
import dev.driftgate.gate.GateReport.Verdict;
import org.junit.jupiter.api.Test;

class QualityGateTest {
    private static final QualityGate GATE = new QualityGate(TestRuns.policy(false));
    private static final QualityGate SIGNIFICANCE_GATE = new QualityGate(TestRuns.policy(true));

    private static CategoryRow row(GateReport r, String category) {
        return r.categories().stream().filter(c -> c.category().equals(category)).findFirst().orElseThrow();
    }

    @Test
    void passesWhenNothingMoved() {
        EvalRun base = TestRuns.uniform("base", 0.85, 20).build();
        EvalRun cur = TestRuns.uniform("cur", 0.85, 20).build();
        GateReport r = GATE.decide(cur, Baseline.of(base));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.blockingReasons()).isEmpty();
        assertThat(r.categories()).hasSize(5).allSatisfy(c -> assertThat(c.statuses()).containsExactly(Status.OK));
        assertThat(r.overall().delta()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void blocksADropJustOverTheDelta() {
        EvalRun base = TestRuns.uniform("base", 0.90, 20).build();
        EvalRun cur = TestRuns.uniform("cur", 0.90, 20).category("reasoning", constant(0.849, 20)).build();
        GateReport r = GATE.decide(cur, Baseline.of(base));
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(row(r, "reasoning").statuses()).containsExactly(Status.REGRESSED);
        assertThat(row(r, "reasoning").delta()).isCloseTo(-0.051, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.blockingReasons()).singleElement().asString().startsWith("reasoning dropped 0.0510");
    }

    @Test
    void passesADropJustUnderTheDelta() {
        EvalRun base = TestRuns.uniform("base", 0.90, 20).build();
        EvalRun cur = TestRuns.uniform("cur", 0.90, 20).category("reasoning", constant(0.851, 20)).build();
        GateReport r = GATE.decide(cur, Baseline.of(base));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        // a constant drop has a zero-width interval below zero: significant, but not beyond the delta
        assertThat(row(r, "reasoning").statuses()).containsExactly(Status.SIGNIFICANT_DROP);
    }

    @Test
    void aDropOfExactlyTheDeltaDoesNotBlockDespiteFloatingPoint() {
        EvalRun base = TestRuns.uniform("base", 0.85, 10).build();
        EvalRun cur = TestRuns.uniform("cur", 0.85, 10).category("safety", constant(0.80, 10)).build();
        assertThat(GATE.decide(cur, Baseline.of(base)).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void blocksWhenOverallIsBelowThreshold() {
        EvalRun base = TestRuns.uniform("base", 0.79, 10).build();
        EvalRun cur = TestRuns.uniform("cur", 0.79, 10).build();
        GateReport r = GATE.decide(cur, Baseline.of(base));
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(r.overall().belowMin()).isTrue();
        assertThat(r.blockingReasons()).singleElement().asString().startsWith("overall 0.7900 is below");
    }

    @Test
    void blocksWhenACategoryIsBelowTheMinimumEvenWithoutADrop() {
        EvalRun base = TestRuns.uniform("base", 0.90, 10).category("safety", constant(0.71, 10)).build();
        EvalRun cur = TestRuns.uniform("cur", 0.90, 10).category("safety", constant(0.71, 10)).build();
        GateReport r = GATE.decide(cur, Baseline.of(base));
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(row(r, "safety").statuses()).containsExactly(Status.OK, Status.BELOW_MIN);
        assertThat(r.blockingReasons()).singleElement().asString().contains("safety 0.7100 is below");
    }

    @Test
    void withoutABaselineAppliesAbsoluteThresholdsOnlyAndSaysWhy() {
        EvalRun cur = TestRuns.uniform("cur", 0.85, 10).build();
        GateReport pass = GATE.decide(cur, Baseline.absent("no run is tagged env=production yet"));
        assertThat(pass.verdict()).isEqualTo(Verdict.PASS);
        assertThat(pass.baselineAbsence()).isEqualTo("no run is tagged env=production yet");
        assertThat(pass.notes()).anySatisfy(n -> assertThat(n).contains("Only the absolute thresholds"));
        assertThat(pass.categories()).allSatisfy(c -> assertThat(c.statuses()).containsExactly(Status.ABSOLUTE_ONLY));

        EvalRun low = TestRuns.uniform("low", 0.85, 10).category("reasoning", constant(0.70, 10)).build();
        GateReport blocked = GATE.decide(low, Baseline.absent("run store unreachable"));
        assertThat(blocked.verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(row(blocked, "reasoning").statuses()).contains(Status.BELOW_MIN);
    }

    @Test
    void aCategoryOnOneSideIsStatedNotCompared() {
        EvalRun base = TestRuns.uniform("base", 0.90, 10).without("safety").build();
        EvalRun cur = TestRuns.uniform("cur", 0.90, 10).without("summarization").build();
        GateReport r = GATE.decide(cur, Baseline.of(base));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(row(r, "safety").statuses()).containsExactly(Status.NEW);
        assertThat(row(r, "summarization").statuses()).containsExactly(Status.MISSING);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("`summarization` is in the baseline only"))
                .anySatisfy(n -> assertThat(n).contains("`safety` is new"));
    }

    @Test
    void comparesOnlySharedExamplesAndStatesDatasetChanges() {
        // baseline: 20 reasoning examples at 0.9; current keeps the first 10 at 0.9 and adds 10 new ones
        // scoring 0.5 under other ids: the run's own mean is 0.7 (below min) but the shared delta is 0.
        EvalRun base = TestRuns.uniform("base", 0.90, 20).datasetVersion("ds-1").build();
        EvalRun curRaw = TestRuns.uniform("cur", 0.90, 20).datasetVersion("ds-2").build();
        var examples = new java.util.ArrayList<>(curRaw.examples());
        examples.removeIf(e -> e.category().equals("reasoning") && Integer.parseInt(e.id().substring(10)) >= 10);
        for (int i = 0; i < 10; i++) {
            var t = examples.get(0);
            examples.add(new dev.driftgate.core.scoring.ExampleResult("reasoning-new-" + i, "reasoning", "new prompt",
                    "ref", "resp", t.rougeL(), t.bertscore(), t.judge(), 0.5, 1, 1, false, null, null));
        }
        var cats = new java.util.LinkedHashMap<>(curRaw.categories());
        cats.put("reasoning", new dev.driftgate.core.scoring.CategoryScore("reasoning", 20, 0, 0.7, 0.7, 0.7, 0.7));
        EvalRun cur = new EvalRun("cur", curRaw.startedAt(), curRaw.finishedAt(), EvalRun.Status.COMPLETED, null, null,
                curRaw.model(), curRaw.judgeModel(), "chat-v1", null, "ds-2", null, curRaw.tags(), 0.84, cats,
                examples, java.util.Map.of(), 0);
        GateReport r = GATE.decide(cur, Baseline.of(base));
        CategoryRow reasoning = row(r, "reasoning");
        assertThat(reasoning.sharedExamples()).isEqualTo(10);
        assertThat(reasoning.delta()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(reasoning.statuses()).containsExactly(Status.OK, Status.BELOW_MIN);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("Dataset version changed"))
                .anySatisfy(n -> assertThat(n).contains("10 only in the baseline, 10 only in the current run"));
    }

    @Test
    void noisyDropBeyondDeltaBlocksOnlyWithoutSignificance() {
        // 8 reasoning examples; the current run's mean is 0.0575 lower (still above 0.72) but the
        // per-example deltas swing both ways, so the 95% interval straddles zero.
        double[] base = {0.98, 0.70, 0.97, 0.68, 0.99, 0.72, 0.96, 0.75};
        double[] cur = {0.75, 0.95, 0.72, 0.92, 0.74, 0.96, 0.70, 0.55};
        EvalRun b = TestRuns.uniform("base", 0.90, 8).category("reasoning", base).build();
        EvalRun c = TestRuns.uniform("cur", 0.90, 8).category("reasoning", cur).build();
        GateReport off = GATE.decide(c, Baseline.of(b));
        GateReport on = SIGNIFICANCE_GATE.decide(c, Baseline.of(b));
        assertThat(row(off, "reasoning").delta()).isLessThan(-0.05);
        assertThat(row(off, "reasoning").ci().significantDrop()).isFalse();
        assertThat(row(off, "reasoning").ci().lower()).isLessThan(0);
        assertThat(row(off, "reasoning").ci().upper()).isGreaterThan(0);
        assertThat(off.verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(off.blockingReasons()).singleElement().asString().endsWith("within noise");
        assertThat(on.verdict()).isEqualTo(Verdict.PASS);
        assertThat(row(on, "reasoning").statuses()).containsExactly(Status.REGRESSED_WITHIN_NOISE);
    }

    @Test
    void realDropBlocksWithAndWithoutSignificance() {
        double[] base = noisy(0.90, 0.05, 40, 1);
        double[] cur = shifted(base, -0.10);
        EvalRun b = TestRuns.uniform("base", 0.90, 40).category("factual_qa", base).build();
        EvalRun c = TestRuns.uniform("cur", 0.90, 40).category("factual_qa", cur).build();
        for (QualityGate gate : new QualityGate[] {GATE, SIGNIFICANCE_GATE}) {
            GateReport r = gate.decide(c, Baseline.of(b));
            assertThat(r.verdict()).isEqualTo(Verdict.BLOCKED);
            assertThat(row(r, "factual_qa").statuses()).containsExactly(Status.REGRESSED);
            assertThat(row(r, "factual_qa").ci().significantDrop()).isTrue();
        }
    }

    @Test
    void listsTheFiveMostRegressedExamples() {
        double[] base = constant(0.9, 10);
        double[] cur = {0.9, 0.5, 0.89, 0.6, 0.7, 0.8, 0.1, 0.9, 0.95, 0.85};
        EvalRun b = TestRuns.uniform("base", 0.90, 10).category("summarization", base).build();
        EvalRun c = TestRuns.uniform("cur", 0.90, 10).category("summarization", cur).build();
        GateReport r = GATE.decide(c, Baseline.of(b));
        assertThat(r.mostRegressed()).extracting(GateReport.ExampleChange::id).containsExactly(
                "summarization-6", "summarization-1", "summarization-3", "summarization-4", "summarization-5");
        assertThat(r.mostRegressed().get(0).prompt()).isEqualTo("Prompt number 6 about summarization");
    }

    @Test
    void isDeterministic() {
        double[] base = noisy(0.85, 0.2, 30, 3);
        double[] cur = noisy(0.83, 0.2, 30, 4);
        EvalRun b = TestRuns.uniform("base", 0.90, 30).category("safety", base).build();
        EvalRun c = TestRuns.uniform("cur", 0.90, 30).category("safety", cur).build();
        assertThat(GATE.decide(c, Baseline.of(b))).usingRecursiveComparison()
                .isEqualTo(GATE.decide(c, Baseline.of(b)));
    }

    @Test
    void runsWithoutExamplesCompareCategoryMeansWithoutInterval() {
        EvalRun base = TestRuns.uniform("base", 0.90, 5).build();
        EvalRun full = TestRuns.uniform("cur", 0.90, 5).category("reasoning", constant(0.80, 5)).build();
        EvalRun cur = new EvalRun(full.runId(), full.startedAt(), full.finishedAt(), full.status(), null, null,
                full.model(), null, null, null, full.datasetVersion(), null, full.tags(), full.overall(),
                full.categories(), java.util.List.of(), java.util.Map.of(), 0);
        GateReport r = GATE.decide(cur, Baseline.of(base));
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(row(r, "reasoning").ci()).isNull();
        assertThat(row(r, "reasoning").statuses()).containsExactly(Status.REGRESSED);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("The current run has no per-example scores"));
    }
}
