package dev.driftgate.cli.gate;

import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.store.NoSuchRunException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate promote <run-id>}: makes a recorded run the production baseline. The run becomes
 * env=production and the previous production run env=previous-production, in one transaction.
 */
@Command(name = "promote",
        mixinStandardHelpOptions = true,
        description = {
                "Tag a recorded run env=production (the gate's baseline); the previous production run becomes "
                        + "env=previous-production. One transaction.",
                "Exit codes: 0 promoted, 1 unknown run id, 2 run store unavailable."})
public final class PromoteCommand extends EnvironmentAware implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run to promote (see `driftgate runs list`).")
    String runId;

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
