package dev.driftgate.cli.calibrate;

import dev.driftgate.cli.ConfigDirOption;
import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.eval.EvalCommand;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.gate.noise.CalibrationFile;
import dev.driftgate.gate.noise.NoiseCalibration;
import dev.driftgate.gate.noise.NoiseSection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate calibrate}: the noise floor and minimum detectable effect per category from R
 * reruns of the same model, written to baselines/calibration.json for the noise-aware gate and the
 * scorecard. Either {@code --runs R} evaluates the model R times itself (each run is
 * {@code driftgate eval --no-cache} into its own subdirectory of {@code --runs-dir}: the same command,
 * the judge at its configured temperature), or {@code --scores} takes the scores.json of reruns made
 * before.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Measure the gate's noise floor and MDE per category from A/A reruns.",
                "--runs R evaluates the model R times itself (driftgate eval --no-cache, one subdirectory per run);",
                "--scores takes the scores.json of reruns made before.",
                "Exit codes: 0 written, 1 invalid input (fewer than 2 runs, different models or datasets), "
                        + "2 a scores file could not be read or a run did not complete."})
public final class CalibrateCommand extends EnvironmentAware implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--scores", paramLabel = "FILE", required = true, arity = "1..*",
                description = "scores.json of each rerun (at least 2).")
        List<Path> scores;

        @Option(names = "--runs", paramLabel = "R", required = true,
                description = "Evaluate the model R times (R >= 2) with the cache off, then calibrate.")
        Integer runs;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source = new Source();

    @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "calibration_runs",
            description = "--runs: where run-1 ... run-R (each with its scores.json) go (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Option(names = "--model", paramLabel = "PROVIDER/MODEL", description = "--runs: model to evaluate (as eval).")
    String model;

    @Option(names = "--dataset", paramLabel = "FILE", description = "--runs: golden dataset JSONL (as eval).")
    Path dataset;

    @Option(names = "--limit", paramLabel = "N", description = "--runs: evaluate N examples (as eval).")
    Integer limit;

    @Option(names = "--concurrency", paramLabel = "N", description = "--runs: model calls in flight (as eval).")
    Integer concurrency;

    @Option(names = "--sim", description = "--runs: evaluate against the in-process LLM simulator (as eval).")
    boolean sim;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "--runs: the state directory (as eval).")
    Path stateDir;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "baselines/calibration.json",
            description = "Where to write the calibration (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    ConfigDirOption configDir = new ConfigDirOption();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        DriftgateConfig config = new ConfigLoader().load(configDir.dir());
        List<Path> scores = source.scores;
        if (source.runs != null) {
            if (source.runs < 2) {
                throw new ParameterException(spec.commandLine(), "--runs must be >= 2, got " + source.runs);
            }
            scores = new ArrayList<>();
            for (int i = 1; i <= source.runs; i++) {
                Path dir = runsDir.resolve("run-" + i);
                stderr.println("calibrate: run " + i + " of " + source.runs + " -> " + dir);
                stderr.flush();
                int code = evalOnce(dir, stdout, stderr);
                if (code != ExitCodes.OK) {
                    stderr.println("driftgate calibrate: run " + i + " did not complete (driftgate eval exit " + code
                            + "); nothing written");
                    return code == ExitCodes.INVALID_OR_BLOCKED ? code : ExitCodes.UNDECIDED;
                }
                scores.add(dir.resolve(ScoresFile.NAME));
            }
        } else if (model != null || dataset != null || limit != null || concurrency != null || sim || stateDir != null) {
            throw new ParameterException(spec.commandLine(),
                    "--model, --dataset, --limit, --concurrency, --sim and --state-dir go with --runs, not --scores");
        }
        List<EvalRun> runs = new ArrayList<>();
        for (Path p : scores) {
            try {
                runs.add(ScoresFile.readCompleted(p));
            } catch (ScoresFile.InvalidScoresException e) {
                stderr.println("driftgate calibrate: " + e.getMessage());
                return ExitCodes.UNDECIDED;
            }
        }
        if (runs.size() < 2) {
            stderr.println("driftgate calibrate: needs at least 2 reruns, got " + runs.size());
            return ExitCodes.INVALID_OR_BLOCKED;
        }
        EvalRun first = runs.get(0);
        for (EvalRun r : runs) {
            // a calibration mixes only reruns of one model on one golden set, or it measures their difference
            if (!Objects.equals(r.model(), first.model()) || !Objects.equals(r.datasetVersion(), first.datasetVersion())) {
                stderr.println("driftgate calibrate: run " + r.runId() + " is " + r.model() + " on dataset "
                        + r.datasetVersion() + ", not " + first.model() + " on " + first.datasetVersion());
                return ExitCodes.INVALID_OR_BLOCKED;
            }
        }
        NoiseCalibration c = NoiseCalibration.measure(runs, config.scorer().gate().confidence(),
                config.scorer().gate().power());
        CalibrationFile.write(out, c);
        stdout.print(NoiseSection.render(c, config.scorer().thresholds().regressionAlertDelta(),
                config.scorer().gate().noiseAware()));
        stdout.println("calibration: " + out);
        stdout.flush();
        return ExitCodes.OK;
    }

    /**
     * One A/A rerun: {@code driftgate eval --no-cache} itself (a fresh command, the same code path and
     * environment), tagged so the store can tell calibration runs from the others.
     */
    private int evalOnce(Path dir, PrintWriter stdout, PrintWriter stderr) {
        List<String> args = new ArrayList<>(List.of("--config-dir", configDir.dir().toString(), "--no-cache",
                "--out", dir.toString(), "--tag", "purpose=calibration"));
        add(args, "--model", model);
        add(args, "--dataset", dataset);
        add(args, "--limit", limit);
        add(args, "--concurrency", concurrency);
        add(args, "--state-dir", stateDir);
        if (sim) {
            args.add("--sim");
        }
        EvalCommand eval = new EvalCommand();
        eval.useEnvironment(environment());
        CommandLine cli = new CommandLine(eval);
        cli.setOut(stdout);
        cli.setErr(stderr);
        return cli.execute(args.toArray(String[]::new));
    }

    private static void add(List<String> args, String name, Object value) {
        if (value != null) {
            args.add(name);
            args.add(value.toString());
        }
    }
}
