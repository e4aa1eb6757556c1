package dev.driftgate.cli.dataset;

import dev.driftgate.cli.DatasetInputOptions;
import dev.driftgate.cli.ExitCodes;

import dev.driftgate.core.config.ConfigException;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DatasetConfig;
import dev.driftgate.core.dataset.DatasetBuilder;
import dev.driftgate.core.dataset.DatasetError;
import dev.driftgate.core.dataset.DatasetManifest;
import dev.driftgate.core.dataset.DatasetWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate dataset build}: validates the raw prompts and, only when every line is valid and
 * every category has its minimum, writes the canonical golden dataset and its manifest.
 */
@Command(name = "build",
        mixinStandardHelpOptions = true,
        description = {
                "Validate raw prompts and write the golden dataset plus its manifest.",
                "Every error is printed (file:line: id=...: field: reason); on any error nothing is written "
                        + "and the exit code is 1."})
public final class DatasetBuildCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatasetInputOptions input;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Golden dataset to write; the manifest goes beside it "
                    + "(default: paths.golden of dataset_config.yaml, data/eval/golden_dataset.jsonl).")
    Path out;

    @Override
    public Integer call() throws IOException {
        return build(input.configDir(), input.raw, out, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Validates {@code raw} and writes {@code out} plus manifest; prints errors to {@code stderr}
     * and the summary to {@code stdout}. A null path means the default from dataset_config.yaml.
     * Shared with {@code driftgate demo}.
     */
    public static int build(Path configDir, Path raw, Path out, PrintWriter stdout, PrintWriter stderr) throws IOException {
        DatasetConfig config = new ConfigLoader().load(configDir).dataset();
        if (raw == null) {
            raw = Path.of(config.paths().raw());
        }
        if (out == null) {
            out = Path.of(config.paths().golden());
        }
        Path configFile = configDir.resolve(ConfigLoader.DATASET);
        String source = displayPath(raw);
        DatasetBuilder.Report report;
        try {
            report = new DatasetBuilder(config).validate(raw);
        } catch (NoSuchFileException e) {
            return cannotRead(stderr, source, "no such file");
        } catch (IOException e) {
            return cannotRead(stderr, source, e.getMessage());
        }
        if (!report.ok()) {
            for (DatasetError error : report.errors()) {
                stderr.println(error.format(source));
            }
            stderr.printf("dataset build failed: %d error%s in %s, nothing written%n", report.errors().size(),
                    report.errors().size() == 1 ? "" : "s", source);
            stderr.flush();
            return ExitCodes.INVALID_OR_BLOCKED;
        }
        String configHash = ConfigLoader.sha256(readConfig(configFile));
        DatasetManifest manifest = DatasetWriter.write(report, config.schemaVersion(), source, configHash, out);
        printSummary(stdout, manifest, config, out);
        return ExitCodes.OK;
    }

    private static int cannotRead(PrintWriter stderr, String source, String reason) {
        stderr.println(source + ": cannot read: " + reason);
        stderr.flush();
        return ExitCodes.INVALID_OR_BLOCKED;
    }

    private static byte[] readConfig(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), null, 0, "cannot read: " + e.getMessage());
        }
    }

    private static void printSummary(PrintWriter out, DatasetManifest manifest, DatasetConfig config, Path path) {
        out.printf("%-24s %8s %8s%n", "category", "examples", "minimum");
        for (Map.Entry<String, Integer> e : manifest.counts().entrySet()) {
            out.printf("%-24s %8d %8d%n", e.getKey(), e.getValue(), config.categories().get(e.getKey()).minExamples());
        }
        out.printf("%-24s %8d%n", "total", manifest.total());
        out.printf("dataset version %s%n", manifest.datasetVersion());
        out.printf("wrote %s and %s%n", displayPath(path), displayPath(DatasetWriter.manifestPathFor(path)));
        out.flush();
    }

    /** Relative to the working directory when inside it, with '/', so manifests do not embed home paths. */
    static String displayPath(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        Path shown = absolute.startsWith(cwd) ? cwd.relativize(absolute) : absolute;
        return shown.toString().replace('\\', '/');
    }
}
