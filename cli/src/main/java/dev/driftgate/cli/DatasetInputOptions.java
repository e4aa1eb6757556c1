package dev.driftgate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the config and the raw prompts come from; shared by {@code dataset build} and {@code demo}. */
public final class DatasetInputOptions {

    @Mixin
    private ConfigDirOption configDir = new ConfigDirOption();

    @Option(names = "--raw", paramLabel = "FILE",
            description = "Raw prompts JSONL (default: paths.raw of dataset_config.yaml, data/raw/prompts.jsonl).")
    public Path raw;

    public Path configDir() {
        return configDir.dir();
    }
}
