package dev.driftgate.cli.dataset;

import picocli.CommandLine.Command;

/** {@code driftgate dataset ...}: stage 1, the golden dataset. */
@Command(name = "dataset",
        mixinStandardHelpOptions = true,
        description = "Golden dataset commands (stage 1).",
        subcommands = {DatasetBuildCommand.class})
public final class DatasetCommand {
}
