package dev.driftgate.cli.gate;

import picocli.CommandLine.Command;

/** {@code driftgate runs}: run history. */
@Command(name = "runs",
        mixinStandardHelpOptions = true,
        description = "Run history in the run store.",
        subcommands = {RunsListCommand.class, RunsShowCommand.class})
public final class RunsCommand {
}
