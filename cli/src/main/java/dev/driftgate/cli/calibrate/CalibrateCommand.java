package dev.driftgate.cli.calibrate;

import dev.driftgate.cli.ConfigDirOption;
import dev.driftgate.cli.ExitCodes;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate calibrate}: the noise floor and minimum detectable effect per category from R
 * reruns of the same model (each a scores.json of {@code driftgate eval --no-cache}), written to
 * baselines/calibration.json for the noise-aware gate and the scorecard.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Measure the gate's noise floor and MDE per category from A/A reruns.",
                "Run `driftgate eval --no-cache --out DIR_i` R times on the same model, then pass each scores.json.",
                "Exit codes: 0 written, 1 invalid input (fewer than 2 runs, different models or datasets), "
                        + "2 a scores file could not be read."})
public final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scores", paramLabel = "FILE", required = true, arity = "1..*",
            description = "scores.json of each rerun (at least 2).")
    List<Path> scores;

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
}
