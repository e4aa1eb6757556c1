package dev.driftgate.cli.gate;

import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.gate.baseline.CommittedBaseline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate baseline update --scores FILE}: what {@code promote} does, from a scores file instead
 * of a stored run, for teams without a shared store. The file is always written; the run is tagged
 * env=production in the store only when DRIFTGATE_DB_URL names one, and a store outage is a warning
 * (the committed file is the baseline the gate falls back to).
 */
@Command(name = "update",
        mixinStandardHelpOptions = true,
        description = {"Write a completed run's scores file as the committed baseline (canonical JSON); with "
                + "DRIFTGATE_DB_URL also record it and tag it env=production.",
                "Exit codes: 0 written, 2 the scores file cannot be used."})
public final class BaselineUpdateCommand extends EnvironmentAware implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scores", paramLabel = "FILE", defaultValue = "scores_output/scores.json",
            description = "The completed run to make the baseline (default: ${DEFAULT-VALUE}).")
    Path scores;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "The baseline file to write (default: ${DEFAULT-VALUE}).")
    Path baselineFile = CommittedBaseline.DEFAULT_FILE;

    @Mixin
    StoreOption store = new StoreOption();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EvalRun run;
        try {
            run = ScoresFile.readCompleted(scores);
        } catch (ScoresFile.InvalidScoresException e) {
            err.println("driftgate baseline update: " + e.getMessage());
            return ExitCodes.UNDECIDED;
        }
        CommittedBaseline.write(baselineFile, run);
        out.println("wrote " + baselineFile + " from run " + run.runId() + ": commit it so pull requests are gated "
                + "against this run");
        if (environment().get(Environment.DB_URL).isPresent()) {
            tagInStore(run, out, err);
        }
        return ExitCodes.OK;
    }

    private void tagInStore(EvalRun run, PrintWriter out, PrintWriter err) {
        try (StoreOption.Opened opened = store.openRunStore(environment())) {
            if (opened.store().findRun(run.runId()).isEmpty()) {
                opened.store().saveRun(run);
            }
            opened.store().promote(run.runId());
            out.println("tagged run " + run.runId() + " env=production in the run store");
        } catch (Exception e) {
            err.println("driftgate baseline update: warning: run store unavailable ("
                    + StoreOption.describeFailure(e, environment())
                    + "); the file is written, the store is not tagged");
        }
    }
}
