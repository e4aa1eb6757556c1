package dev.driftgate.cli.gate;

import static dev.driftgate.gate.TestRuns.constant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.cli.CliRun;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.gate.TestRuns;
import dev.driftgate.gate.baseline.BaselineUnusableException;
import dev.driftgate.gate.baseline.CommittedBaseline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baseline as code: baselines/production.json written by `baseline update`, read by the gate from the
 * base branch of a real git repository, and every way that can go wrong exits 2 with one clear message.
 */
class BaselineAsCodeTest {
    private static final String BASELINE = "baselines/production.json";
    /** No DRIFTGATE_DB_URL: the committed file is the only baseline. */
    private static final Map<String, String> NO_STORE = Map.of();

    @TempDir
    Path tmp;
    GitRepo repo;

    @BeforeEach
    void repository() throws Exception {
        repo = GitRepo.init(tmp.resolve("repo"));
        repo.write("README.md", "a product\n");
        repo.commitAll("initial");
    }

    private Path scores(String name, EvalRun run) throws Exception {
        Path file = tmp.resolve(name + ".json");
        Json.mapper().writeValue(file.toFile(), run);
        return file;
    }

    private CliRun updateBaseline(EvalRun run) throws Exception {
        return CliRun.execute(NO_STORE, "baseline", "update", "--scores", scores("base-" + run.runId(), run).toString(),
                "--baseline", repo.dir().resolve(BASELINE).toString());
    }

    private CliRun gate(Map<String, String> env, EvalRun current, String... extra) throws Exception {
        String[] base = {"gate", "--config-dir", "../config", "--repo", repo.dir().toString(),
                "--scores", scores("current", current).toString(), "--out", tmp.resolve("scorecard.md").toString()};
        return CliRun.execute(env, concat(base, extra));
    }

    private static String[] concat(String[] a, String[] b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }

    private String scorecard() throws Exception {
        return Files.readString(tmp.resolve("scorecard.md"));
    }

    /** main holds prod-1 at 0.90 everywhere; the PR branch is checked out. */
    private void productionOnMainThenBranch() throws Exception {
        CliRun update = updateBaseline(TestRuns.uniform("prod-1", 0.90, 10).build());
        assertThat(update.exitCode()).as(update.all()).isZero();
        repo.commitAll("promote prod-1");
        repo.git("checkout", "-q", "-b", "pr");
    }

    @Test
    void baselineUpdateWritesCanonicalDiffFriendlyJson() throws Exception {
        EvalRun run = TestRuns.uniform("prod-1", 0.90, 3).build();
        assertThat(updateBaseline(run).out()).contains("wrote ", "from run prod-1");
        String first = Files.readString(repo.dir().resolve(BASELINE));
        updateBaseline(run);
        assertThat(Files.readString(repo.dir().resolve(BASELINE))).isEqualTo(first);
        assertThat(first).endsWith("}\n").contains("\"inference_latency_ms\" : 0");
        // examples sorted by id, map keys sorted: a re-promotion diffs only where scores changed
        assertThat(first.indexOf("\"factual_qa-0\"")).isLessThan(first.indexOf("\"safety-0\""));
        assertThat(first.indexOf("\"factual_qa\" : {")).isLessThan(first.indexOf("\"reasoning\" : {"));
    }

    @Test
    void gateReadsTheBaselineFromTheBaseBranchAndNamesIt() throws Exception {
        productionOnMainThenBranch();
        CliRun run = gate(NO_STORE, TestRuns.uniform("ci-1", 0.91, 10).build(), "--base-ref", "main");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("vs production run prod-1 from committed " + BASELINE + " on main at merge base");
        assertThat(scorecard()).contains("Compared with production run `prod-1` from committed " + BASELINE + " on main")
                .contains("| Baseline source | committed " + BASELINE + " on main at merge base");
    }

    @Test
    void aPullRequestCannotPassByEditingItsOwnBaseline() throws Exception {
        productionOnMainThenBranch();
        // the PR lowers the committed baseline to hide a drop in safety
        updateBaseline(TestRuns.uniform("prod-1", 0.90, 10).category("safety", constant(0.80, 10)).build());
        repo.commitAll("hide the drop");
        EvalRun worse = TestRuns.uniform("ci-2", 0.90, 10).category("safety", constant(0.80, 10)).build();

        CliRun run = gate(Map.of("GITHUB_BASE_REF", "main"), worse);
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("safety dropped 0.1000");
    }

    @Test
    void missingBaselineOnTheBaseBranchExitsTwo() throws Exception {
        repo.git("checkout", "-q", "-b", "pr");
        updateBaseline(TestRuns.uniform("prod-1", 0.90, 10).build());
        repo.commitAll("baseline only on the PR branch");
        CliRun run = gate(NO_STORE, TestRuns.uniform("ci-3", 0.90, 10).build(), "--base-ref", "main");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("baseline file " + BASELINE + " does not exist on main",
                "driftgate baseline update");
    }

    @Test
    void corruptBaselineExitsTwoNamingTheProblem() throws Exception {
        repo.write(BASELINE, "{\"run_id\": \"prod-1\",\n \"overall\": \"high\"}");
        repo.commitAll("broken baseline");
        repo.git("checkout", "-q", "-b", "pr");
        CliRun run = gate(NO_STORE, TestRuns.uniform("ci-4", 0.90, 10).build(), "--base-ref", "main");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("could not decide: baseline file " + BASELINE + " (main at merge base")
                .contains("is not a valid scores.json at line 2", "(field overall)");
    }

    @Test
    void baselineOfAnotherDatasetExitsTwo() throws Exception {
        updateBaseline(TestRuns.uniform("prod-other", 0.90, 10).idPrefix("other-").datasetVersion("ds-other").build());
        repo.commitAll("baseline of another dataset");
        CliRun run = gate(NO_STORE, TestRuns.uniform("ci-5", 0.90, 10).build());
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("belongs to another dataset", "run prod-other", "dataset ds-other");
    }

    @Test
    void shallowCloneWithoutTheBaseNamesFetchDepthZero() throws Exception {
        productionOnMainThenBranch();
        repo.commitAll("a PR commit");
        Path shallow = tmp.resolve("shallow");
        new GitRepo(tmp).git("clone", "-q", "--depth", "1", "--branch", "pr", "file://" + repo.dir(), shallow.toString());
        repo = new GitRepo(shallow);
        CliRun run = gate(NO_STORE, TestRuns.uniform("ci-6", 0.90, 10).build(), "--base-ref", "main");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).contains("base branch 'main' is not in this clone", "fetch-depth: 0");
    }

    @Test
    void gitUnavailableNamesTheFix() {
        CommittedBaseline noGit = new CommittedBaseline(repo.dir(), "git-is-not-installed-here");
        assertThatThrownBy(() -> noGit.fromBaseBranch(Path.of(BASELINE), "main"))
                .isInstanceOf(BaselineUnusableException.class)
                .hasMessageContaining("git is not available").hasMessageContaining("fetch-depth: 0");
    }

    @Test
    void storeOutageFallsBackToTheCommittedBaselineAndSaysSo() throws Exception {
        productionOnMainThenBranch();
        Map<String, String> env = Map.of("DRIFTGATE_DB_URL", "jdbc:postgresql://127.0.0.1:1/nowhere?password=hunter2",
                "DRIFTGATE_DB_PASSWORD", "hunter2", "GITHUB_BASE_REF", "main");
        EvalRun worse = TestRuns.uniform("ci-7", 0.90, 10).category("safety", constant(0.80, 10)).build();
        CliRun run = gate(env, worse);
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.err()).contains("run store unavailable", "falling back to the committed baseline");
        assertThat(scorecard()).contains("Compared with production run `prod-1` from committed " + BASELINE)
                .contains("(run store unavailable: ")
                .doesNotContain("hunter2");
    }
}
