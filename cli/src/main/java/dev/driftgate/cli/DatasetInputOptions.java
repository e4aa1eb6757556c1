package dev.driftgate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the config and the raw prompts come from; shared by {@code dataset build} and {@code demo}. */
public final class DatasetInputOptions {

    @Option(names = "--config-dir", paramLabel = "DIR", defaultValue = "config",
            description = "Directory with the four config YAML files (default: ${DEFAULT-VALUE}).")
    public Path configDir;

    @Option(names = "--raw", paramLabel = "FILE",
            description = "Raw prompts JSONL (default: paths.raw of dataset_config.yaml, data/raw/prompts.jsonl).")
    public Path raw;
}
