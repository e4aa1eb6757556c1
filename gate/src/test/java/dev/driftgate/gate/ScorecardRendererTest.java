package dev.driftgate.gate;

import static dev.driftgate.gate.TestRuns.constant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.core.store.DatabaseTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        assertThat(ScorecardRenderer.excerpt("x".repeat(100))).hasSize(60).endsWith("…");
    }

    /** What an attacker can put into a category, model, prompt, judge output or run id (issue 18 item 8). */
    private static final String HOSTILE = "x|y <img src=x onerror=alert(1)> <script>alert(1)</script> "
            + "@octo-org/admins [click](https://evil.example) ![i](https://evil.example/i.png) `tick` "
            + "www.evil.example\n## forged heading\r\n| forged | row |";
    private static final Pattern UNESCAPED_PIPE = Pattern.compile("(?<!\\\\)\\|");

    @Test
    void hostileValuesInEveryFieldStayDataAndKeepTheTablesIntact() {
        EvalRun base = hostile(TestRuns.uniform("base", 0.9, 3).build(), "prod-" + HOSTILE);
        EvalRun cur = hostile(TestRuns.uniform("cur", 0.6, 3).build(), "ci-" + HOSTILE);
        String md = renderer.render(gate.decide(cur, Baseline.of(base)));

        assertThat(md).contains("### Most regressed examples", "### Judge failures", "### Versions");
        // code spans are inert (no HTML, links or mentions inside): check the text outside them
        String outsideCode = md.replaceAll("`[^`\\n]*`", "");
        assertThat(outsideCode).doesNotContain("<img", "<script", "@octo-org", "[click](", "![i](", "https://evil",
                "www.evil", "\r").doesNotContainPattern("(?m)^## forged").doesNotContainPattern("(?m)^\\| forged");
        assertThat(md.lines().filter(l -> l.contains("x\\|y")).count()).as("hostile values are rendered").isPositive();
        // every row of a table has as many cell separators as its header
        Integer columns = null;
        for (String line : md.lines().toList()) {
            if (!line.startsWith("|")) {
                columns = null;
                continue;
            }
            int pipes = count(UNESCAPED_PIPE.matcher(line));
            if (columns == null) {
                columns = pipes;
            }
            assertThat(pipes).as(line).isEqualTo(columns);
        }
    }

    @Test
    void aStoreDescriptionWithUserinfoLeavesNoPasswordInTheScorecard() {
        // the gate's reason for having no baseline names the store; it goes into scorecard, PR comment, step summary
        String store = DatabaseTarget.external("jdbc:postgresql://admin:hunter2@db.internal:5432/driftgate",
                Optional.empty(), Optional.empty()).description();
        String driverMessage = "The connection attempt failed: admin:hunter2@db.internal; "
                + "url jdbc:postgresql://admin:hunter2@db.internal/driftgate?password=hunter2";
        EvalRun cur = TestRuns.uniform("ci-1", 0.85, 4).build();
        String md = renderer.render(gate.decide(cur,
                Baseline.absent("run store unavailable: " + store + ": " + driverMessage)));
        assertThat(md).contains("No baseline comparison:** run store unavailable: PostgreSQL at")
                .doesNotContain("hunter2");
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** {@code run} with a hostile category, model, run id, prompt and judge-failure reason. */
    private static EvalRun hostile(EvalRun run, String runId) {
        String category = "safety " + HOSTILE;
        List<ExampleResult> examples = new ArrayList<>();
        for (ExampleResult e : run.examples()) {
            boolean moved = e.category().equals("safety");
            examples.add(new ExampleResult(moved ? e.id() + HOSTILE : e.id(), moved ? category : e.category(),
                    HOSTILE, e.referenceResponse(), e.response(), e.rougeL(), e.bertscore(), e.judge(),
                    e.composite(), e.inferenceLatencyMs(), e.judgeLatencyMs(), e.failed(), e.failureStage(),
                    e.failureReason()));
        }
        Prf zero = new Prf(0, 0, 0);
        examples.add(new ExampleResult("failed " + HOSTILE, category, HOSTILE, "ref", "resp", zero, zero,
                new JudgeVerdict(Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, 1, 5, true, HOSTILE, HOSTILE),
                Double.NaN, 10, 5, true, "judge " + HOSTILE, "raw LLM said: " + HOSTILE));
        Map<String, CategoryScore> cats = new LinkedHashMap<>();
        run.categories().forEach((name, c) -> {
            String n = name.equals("safety") ? category : name;
            cats.put(n, new CategoryScore(n, c.n(), c.failed(), c.bertscore(), c.rougeL(), c.judge(), c.composite()));
        });
        return new EvalRun(runId, run.startedAt(), run.finishedAt(), run.status(), HOSTILE, run.prNumber(),
                "openai/" + HOSTILE, "openai/judge " + HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE,
                Map.of("env", HOSTILE), run.overall(), cats, examples, run.usage(), 1);
    }
}
