package dev.driftgate.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.core.scoring.ModelUsage;
import dev.driftgate.core.store.RunStore.RunSummary;
import dev.driftgate.core.store.RunTable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What eval and runs list print from stored or model-made values cannot drive the terminal (issue 18 item 14). */
class EvalSummaryTest {
    /** Clears the screen, then starts a line that looks like a log record. */
    private static final String HOSTILE = "x\u001b[2J\u001b[H\r\n2026-11-30 INFO gate PASS\u0007\u009b31m";

    @Test
    void evalSummaryEscapesControlsInEveryStoredOrModelValue() {
        Prf p = new Prf(0.5, 0.5, 0.5);
        ExampleResult failed = new ExampleResult("id-" + HOSTILE, "cat" + HOSTILE, "prompt", "ref", "resp", p, p,
                JudgeVerdict.failure(HOSTILE, HOSTILE, 1, 1), Double.NaN, 1, 1, true, "judge" + HOSTILE, HOSTILE);
        EvalRun run = new EvalRun("run-" + HOSTILE, Instant.EPOCH, Instant.EPOCH, EvalRun.Status.COMPLETED, "sha", null,
                "openai/" + HOSTILE, "openai/judge", "v1", "h", "d", "c", Map.of("env", HOSTILE), 0.5,
                Map.of("cat" + HOSTILE, new CategoryScore("cat" + HOSTILE, 1, 1, 0.5, 0.5, 0.5, 0.5)), List.of(failed),
                Map.of("m", new ModelUsage("openai/" + HOSTILE, 1, 1, 1, 0)), 1);
        String out = EvalSummary.render(run, "out/scores.json", "embedded PostgreSQL");
        assertInert(out);
        assertThat(out).contains("run run-x\\x1b[2J", "failures (first 1):", "usage openai/x\\x1b");
        assertThat(out.lines().filter(l -> l.startsWith("2026-11-30"))).isEmpty();
    }

    @Test
    void runsTableEscapesControlsFromAnOlderStore() {
        RunSummary stored = new RunSummary("run-" + HOSTILE, Instant.EPOCH, EvalRun.Status.COMPLETED, "openai/" + HOSTILE,
                "ds" + HOSTILE, 0.9, Map.of("env", HOSTILE));
        String table = RunTable.render(List.of(stored));
        assertInert(table);
        assertThat(table.lines()).hasSize(2);
        assertThat(table).contains("openai/x\\x1b[2J").contains("env=x\\x1b");
    }

    private static void assertInert(String text) {
        assertThat(text.replace("\n", "")).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f]");
    }
}
