package dev.driftgate.cli.report;

import dev.driftgate.cli.ConfigDirOption;
import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.report.ReportData;
import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.gate.GatePolicy;
import dev.driftgate.gate.report.HtmlReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate report}: the results as one self-contained HTML file, for people with no Grafana
 * (a CI artifact, the demo). From the store by default; from scores.json files with --scores/--baseline.
 */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        description = {"Write a self-contained HTML report (charts of scores over time, category x model, gate "
                + "decisions, cost, shadow traffic) that opens with no server and no network.",
                "From the run store by default, or from scores.json files (--scores, --baseline).",
                "Exit codes: 0 written, 1 bad input, 2 run store unavailable."})
public final class ReportCommand extends EnvironmentAware implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "report.html", description = "Where to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--scores", paramLabel = "FILE", description = "A candidate run's scores.json; the report is built from files, not the store.")
    Path scores;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Earlier runs' scores.json (repeatable), e.g. the production baseline.")
    List<Path> baselines = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "200", description = "Runs read from the store (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--shadow-days", paramLabel = "DAYS", defaultValue = "7", description = "Shadow traffic window in days (default: ${DEFAULT-VALUE}).")
    int shadowDays;

    @Mixin
    ConfigDirOption configDir = new ConfigDirOption();

    @Mixin
    StoreOption store = new StoreOption();

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        GatePolicy policy = GatePolicy.from(new ConfigLoader().load(configDir.dir()).scorer());
        ReportData.Thresholds thresholds = new ReportData.Thresholds(policy.overallMin(), policy.perCategoryMin());
        ReportData data;
        if (scores != null || !baselines.isEmpty()) {
            try {
                data = ReportSources.fromFiles(scores, baselines, policy, thresholds, Instant.now());
            } catch (ScoresFile.InvalidScoresException e) {
                stderr.println("driftgate report: " + e.getMessage());
                return ExitCodes.INVALID_OR_BLOCKED;
            }
        } else {
            if (!store.exists(environment())) {
                stderr.println("driftgate report: no run store yet (run `driftgate eval`, or pass --scores FILE)");
                return ExitCodes.UNDECIDED;
            }
            try (StoreOption.Opened opened = store.openRunStore(environment())) {
                data = ReportSources.fromStore(opened.dataSource(), limit, shadowDays, thresholds, Instant.now());
            } catch (RuntimeException e) {
                stderr.println("driftgate report: run store unavailable: " + StoreOption.redact(e.getMessage(), environment()));
                return ExitCodes.UNDECIDED;
            }
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, new HtmlReport().render(data), StandardCharsets.UTF_8);
        stdout.println("report: " + out.toAbsolutePath() + " (" + data.runs().size() + " runs, "
                + data.decisions().size() + " gate decisions)");
        stdout.flush();
        return ExitCodes.OK;
    }
}
