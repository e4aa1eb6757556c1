package dev.driftgate.cli.gate;

import picocli.CommandLine.Command;

/** {@code driftgate baseline}: the committed production baseline (baselines/production.json). */
@Command(name = "baseline",
        mixinStandardHelpOptions = true,
        description = "Manage the committed production baseline (baselines/production.json).",
        subcommands = BaselineUpdateCommand.class)
public final class BaselineCommand {
}
