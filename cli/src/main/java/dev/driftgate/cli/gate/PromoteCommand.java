package dev.driftgate.cli.gate;

import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.store.NoSuchRunException;
import dev.driftgate.gate.baseline.CommittedBaseline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate promote <run-id>}: makes a recorded run the production baseline. The run becomes
 * env=production and the previous production run env=previous-production, in one transaction, and is
 * written to baselines/production.json (canonical), the baseline pull requests are gated against once committed.
 */
@Command(name = "promote",
        mixinStandardHelpOptions = true,
        description = {
                "Tag a recorded run env=production (the gate's baseline); the previous production run becomes "
                        + "env=previous-production. One transaction. Writes the run to baselines/production.json.",
                "Exit codes: 0 promoted, 1 unknown run id, 2 run store unavailable."})
public final class PromoteCommand extends EnvironmentAware implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run to promote (see `driftgate runs list`).")
    String runId;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Where to write the run as the committed baseline (default: ${DEFAULT-VALUE}); commit it.")
    Path baselineFile = CommittedBaseline.DEFAULT_FILE;

    @Mixin
    StoreOption store = new StoreOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StoreOption.Opened opened;
        try {
            opened = store.openRunStore(environment());
        } catch (RuntimeException e) {
            err.println("driftgate promote: run store unavailable: " + StoreOption.redact(e.getMessage(), environment()));
            return ExitCodes.UNDECIDED;
        }
        try (opened) {
            Optional<EvalRun> target = opened.store().findRun(runId);
            if (target.isPresent() && target.get().status() != EvalRun.Status.COMPLETED) {
                err.println("driftgate promote: run " + runId + " has status '" + target.get().status()
                        + "'; only completed runs can become the production baseline");
                return ExitCodes.INVALID_OR_BLOCKED;
            }
            Optional<String> previous = opened.store().latestWithTag("env", "production").map(EvalRun::runId);
            opened.store().promote(runId);
            out.println("promoted run " + runId + " to env=production"
                    + previous.filter(p -> !p.equals(runId))
                            .map(p -> "; run " + p + " is now env=previous-production").orElse(""));
            // The store's copy is re-read so the file holds exactly what the store holds (tags included).
            CommittedBaseline.write(baselineFile, opened.store().findRun(runId).orElseThrow());
            out.println("wrote " + baselineFile + ": commit it so pull requests are gated against this run");
            return ExitCodes.OK;
        } catch (NoSuchRunException e) {
            err.println("driftgate promote: " + e.getMessage() + " (see `driftgate runs list`)");
            return ExitCodes.INVALID_OR_BLOCKED;
        } catch (Exception e) {
            err.println("driftgate promote: run store unavailable: " + StoreOption.redact(e.getMessage(), environment()));
            return ExitCodes.UNDECIDED;
        }
    }
}
