package dev.driftgate.cli.gate;

import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.store.RunStore.RunSummary;
import dev.driftgate.core.store.RunTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code driftgate runs list [--limit N]}: a table of the most recent runs, newest first. */
@Command(name = "list",
        mixinStandardHelpOptions = true,
        description = {"List recent runs, newest first.", "Exit codes: 0 listed, 1 bad option, 2 run store unavailable."})
public final class RunsListCommand extends EnvironmentAware implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private int limit = 20;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many runs (1-1000, default: ${DEFAULT-VALUE}).")
    void setLimit(int value) {
        if (value < 1 || value > 1000) {
            throw new ParameterException(spec.commandLine(), "--limit must be between 1 and 1000, was " + value);
        }
        this.limit = value;
    }

    @Mixin
    StoreOption store = new StoreOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<RunSummary> runs;
        try (StoreOption.Opened opened = store.openRunStore(environment())) {
            runs = opened.store().recentRuns(limit);
        } catch (Exception e) {
            spec.commandLine().getErr().println("driftgate runs list: run store unavailable: "
                    + StoreOption.redact(e.getMessage(), environment()));
            return ExitCodes.UNDECIDED;
        }
        if (runs.isEmpty()) {
            out.println("no runs recorded yet (run `driftgate eval`)");
            return ExitCodes.OK;
        }
        out.println(render(runs));
        return ExitCodes.OK;
    }

    static String render(List<RunSummary> runs) {
        return RunTable.render(runs);
    }
}
