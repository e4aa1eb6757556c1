package dev.driftgate.cli.gate;

import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.run.EvalRun;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code driftgate runs show RUN}: one run's identity, scores and every recorded parameter. */
@Command(name = "show",
        mixinStandardHelpOptions = true,
        description = {"Show one run: versions, category scores and every parameter it was run with.",
                "Exit codes: 0 shown, 1 unknown run id, 2 run store unavailable."})
public final class RunsShowCommand extends EnvironmentAware implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run (see `driftgate runs list`).")
    String runId;

    @Mixin
    StoreOption store = new StoreOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<EvalRun> found;
        try (StoreOption.Opened opened = store.openRunStore(environment())) {
            found = opened.store().findRun(runId);
        } catch (Exception e) {
            spec.commandLine().getErr().println("driftgate runs show: run store unavailable: "
                    + StoreOption.describeFailure(e, environment()));
            return ExitCodes.UNDECIDED;
        }
        if (found.isEmpty()) {
            spec.commandLine().getErr().println("driftgate runs show: no run with id '" + runId
                    + "' (see `driftgate runs list`)");
            return ExitCodes.INVALID_OR_BLOCKED;
        }
        out.print(render(found.get()));
        out.flush();
        return ExitCodes.OK;
    }

    static String render(EvalRun run) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("run_id", run.runId());
        fields.put("status", run.status().wire());
        fields.put("started_at", String.valueOf(run.startedAt()));
        fields.put("model", run.model());
        fields.put("judge_model", run.judgeModel());
        fields.put("prompt_template_version", run.promptTemplateVersion());
        fields.put("system_prompt_hash", run.systemPromptHash());
        fields.put("dataset_version", run.datasetVersion());
        fields.put("config_hash", run.configHash());
        fields.put("git_sha", run.gitSha());
        fields.put("pr", run.prNumber() == null ? null : String.valueOf(run.prNumber()));
        fields.put("tags", run.tags() == null ? "" : new TreeMap<>(run.tags()).toString());
        fields.put("overall", Double.isNaN(run.overall()) ? "-" : String.format(Locale.ROOT, "%.4f", run.overall()));
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-24s %s%n", k, v == null ? "-" : v)));
        sb.append("\ncategories\n");
        new TreeMap<>(run.categories()).forEach((k, c) -> sb.append(String.format(Locale.ROOT,
                "  %-22s %.4f (n %d, failed %d)%n", k, c.composite(), c.n(), c.failed())));
        sb.append("\nparameters\n");
        if (run.params().isEmpty()) {
            sb.append("  (none recorded: the run predates parameter recording)\n");
        }
        new TreeMap<>(run.params()).forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-36s %s%n", k, v)));
        return sb.toString();
    }
}
