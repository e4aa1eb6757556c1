package dev.driftgate.cli.gate;

import dev.driftgate.cli.ConfigDirOption;
import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.gate.Baseline;
import dev.driftgate.gate.noise.CalibrationFile;
import dev.driftgate.gate.noise.FlakySection;
import dev.driftgate.gate.noise.NoiseCalibration;
import dev.driftgate.gate.noise.NoiseSection;
import dev.driftgate.gate.GatePolicy;
import dev.driftgate.gate.GateReport;
import dev.driftgate.gate.QualityGate;
import dev.driftgate.gate.ScorecardRenderer;
import dev.driftgate.gate.baseline.BaselineUnusableException;
import dev.driftgate.gate.baseline.CommittedBaseline;
import dev.driftgate.gate.github.GitHubException;
import dev.driftgate.gate.github.GitHubTarget;
import dev.driftgate.gate.github.PrCommentPublisher;
import dev.driftgate.core.http.RetryingHttpClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate gate}: judges scores.json against the production baseline (run store, else the
 * committed baselines/production.json from the base branch; see {@link GateBaselines}), writes the
 * Markdown scorecard and optionally upserts it as the PR comment. Exit 0 pass, 1 blocked,
 * 2 could not decide (the scores file or the committed baseline is missing, unreadable or invalid, or git
 * cannot produce the base branch's baseline).
 */
@Command(name = "gate",
        mixinStandardHelpOptions = true,
        description = {
                "Compare a run's scores with the production baseline and decide pass or block.",
                "Exit codes: 0 pass, 1 blocked (or invalid config), 2 could not decide (bad scores or baseline file, base branch not in the clone)."})
public final class GateCommand extends EnvironmentAware implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scores", paramLabel = "FILE", defaultValue = "scores_output/scores.json",
            description = "The run to judge (default: ${DEFAULT-VALUE}).")
    Path scores;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "scores_output/scorecard.md",
            description = "Where to write the Markdown scorecard (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--post-pr", description = "Create or update the scorecard comment on the pull request "
            + "(GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_EVENT_PATH or --pr, GITHUB_API_URL).")
    boolean postPr;

    @Option(names = "--pr", paramLabel = "N", description = "Pull request number (default: from GITHUB_EVENT_PATH).")
    Integer pr;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "The committed production baseline (default: baselines/production.json); used when "
                    + "DRIFTGATE_DB_URL is unset, unreachable or has no production run.")
    Path baselineFile;

    @Option(names = "--base-ref", paramLabel = "BRANCH",
            description = "Read the baseline file as it is on this branch (at the merge base with HEAD); "
                    + "default: GITHUB_BASE_REF. Without either, the working-tree file is used.")
    String baseRef;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "The git checkout the baseline file belongs to (default: the working directory).")
    Path repo;

    @Option(names = "--calibration", paramLabel = "FILE", defaultValue = "baselines/calibration.json",
            description = "A/A calibration from driftgate calibrate (default: ${DEFAULT-VALUE}; used when present).")
    Path calibrationFile;

    @Mixin
    ConfigDirOption configDir = new ConfigDirOption();

    @Mixin
    StoreOption store = new StoreOption();

    /** HTTP with retries for the GitHub API; tests replace the sleeper. */
    RetryingHttpClient http = RetryingHttpClient.withDefaults();

    /** Replaces the GitHub HTTP client (tests: no sleeping between retries). */
    public void useHttp(RetryingHttpClient http) {
        this.http = http;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        DriftgateConfig config = new ConfigLoader().load(configDir.dir());
        EvalRun current;
        try {
            current = ScoresFile.readCompleted(scores);
        } catch (ScoresFile.InvalidScoresException e) {
            stderr.println("driftgate gate: could not decide: " + e.getMessage());
            return ExitCodes.UNDECIDED;
        }
        Baseline baseline;
        try {
            baseline = new GateBaselines(environment(), store, repo.toAbsolutePath(),
                    baselineFile == null ? CommittedBaseline.DEFAULT_FILE : baselineFile, baselineFile != null,
                    baseRef, stderr).resolve(current);
        } catch (BaselineUnusableException e) {
            stderr.println("driftgate gate: could not decide: " + e.getMessage());
            return ExitCodes.UNDECIDED;
        }
        GatePolicy policy = GatePolicy.from(config.scorer());
        NoiseCalibration calibration = Files.isRegularFile(calibrationFile) ? CalibrationFile.read(calibrationFile) : null;
        GateReport report = new QualityGate(policy, calibration).decide(current, baseline);
        String markdown = new ScorecardRenderer().render(report, GateTrend.read(environment(), store,
                config.scorer().tracking().alertHistory(), report.baseline(), current, stderr))
                + (calibration == null ? "" : NoiseSection.render(calibration, policy.regressionDelta(), policy.noiseAware()))
                + FlakySection.render(current)
                + GateAgreement.section(environment(), store, config, current, stderr);

        writeScorecard(markdown);
        appendStepSummary(markdown, stderr);
        GateDecisionRecorder.record(store, environment(), report, out, stderr);
        stdout.println((report.passed() ? "PASS" : "BLOCKED") + ": run " + current.runId()
                + (report.baseline() == null ? " (no baseline: " + report.baselineAbsence() + ")"
                        : " vs production run " + report.baseline().runId() + " from " + report.baselineOrigin()));
        report.blockingReasons().forEach(r -> stdout.println("  - " + r));
        stdout.println("scorecard: " + out);
        if (postPr) {
            postComment(markdown, stdout, stderr);
        }
        stdout.flush();
        return report.passed() ? ExitCodes.OK : ExitCodes.INVALID_OR_BLOCKED;
    }

    private void writeScorecard(String markdown) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, markdown, StandardCharsets.UTF_8);
    }

    private void appendStepSummary(String markdown, PrintWriter stderr) {
        String summary = environment().get(Environment.GITHUB_STEP_SUMMARY).orElse(null);
        if (summary == null) {
            return;
        }
        try {
            Files.writeString(Path.of(summary), markdown + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            stderr.println("driftgate gate: warning: cannot append to GITHUB_STEP_SUMMARY " + summary + ": " + e.getMessage());
        }
    }

    /** A failed post is reported and otherwise ignored: the verdict stands. */
    private void postComment(String markdown, PrintWriter stdout, PrintWriter stderr) throws InterruptedException {
        try {
            GitHubTarget target = GitHubTarget.fromEnvironment(environment().asMap(), pr);
            PrCommentPublisher.Result result = new PrCommentPublisher(http, target).upsert(markdown);
            stdout.println("PR comment " + result.action().name().toLowerCase() + ": "
                    + (result.htmlUrl() != null ? result.htmlUrl() : "#" + result.commentId()));
        } catch (GitHubException e) {
            stderr.println("driftgate gate: warning: PR comment not posted: " + e.getMessage()
                    + " (the verdict is unchanged)");
        }
    }
}
