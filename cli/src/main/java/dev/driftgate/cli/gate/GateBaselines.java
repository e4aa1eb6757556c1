package dev.driftgate.cli.gate;

import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.gate.Baseline;
import dev.driftgate.gate.baseline.BaselineUnusableException;
import dev.driftgate.gate.baseline.CommittedBaseline;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the gate's baseline comes from, in order: the shared run store when DRIFTGATE_DB_URL is set,
 * reachable and holds a run tagged env=production; otherwise the committed baselines/production.json,
 * read from the base branch on a pull request (a base ref is known), from the working tree otherwise.
 * A store outage never stops the gate: it falls back to the file and the scorecard says so.
 */
final class GateBaselines {
    private final Environment env;
    private final StoreOption store;
    private final Path repoDir;
    private final Path file;
    private final boolean fileGiven;
    private final String baseRef;
    private final PrintWriter stderr;

    GateBaselines(Environment env, StoreOption store, Path repoDir, Path file, boolean fileGiven, String baseRef, PrintWriter stderr) {
        this.env = env;
        this.store = store;
        this.repoDir = repoDir;
        this.file = file;
        this.fileGiven = fileGiven;
        this.baseRef = baseRef;
        this.stderr = stderr;
    }

    /** @throws BaselineUnusableException when the committed baseline is needed but cannot be used (exit 2) */
    Baseline resolve(EvalRun current) {
        String storeNote = null;
        if (env.get(Environment.DB_URL).isPresent()) {
            try (StoreOption.Opened opened = store.openRunStore(env)) {
                Optional<EvalRun> production = opened.store().latestWithTag("env", "production");
                if (production.isPresent()) {
                    return Baseline.of(production.get());
                }
                storeNote = "no run is tagged env=production yet in the run store";
            } catch (Exception e) {
                storeNote = "run store unavailable: " + StoreOption.describeFailure(e, env);
                stderr.println("driftgate gate: warning: " + storeNote + "; falling back to the committed baseline");
            }
        }
        Optional<String> base = Optional.ofNullable(baseRef).filter(s -> !s.isBlank())
                .or(() -> env.get(Environment.GITHUB_BASE_REF));
        CommittedBaseline committed = new CommittedBaseline(repoDir);
        CommittedBaseline.Loaded loaded;
        if (base.isPresent()) {
            loaded = committed.fromBaseBranch(file, base.get());
        } else if (fileGiven || Files.exists(repoDir.resolve(file))) {
            loaded = committed.fromWorkingTree(file);
        } else {
            // Not a pull request and nothing committed yet (first adoption, local runs): absolute thresholds only.
            return Baseline.absent((storeNote == null ? "" : storeNote + "; ")
                    + "no committed " + file + " yet (promote a run with `driftgate promote <run-id>` "
                    + "or `driftgate baseline update --scores FILE`, then commit the file)");
        }
        CommittedBaseline.requireSameDataset(loaded, current);
        String origin = loaded.origin() + (storeNote == null ? "" : " (" + storeNote + ")");
        return Baseline.of(loaded.run(), origin);
    }
}
