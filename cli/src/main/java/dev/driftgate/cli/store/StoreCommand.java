package dev.driftgate.cli.store;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code driftgate store ...}: the run store as a server other tools (Grafana) can reach, and its housekeeping. */
@Command(name = "store",
        mixinStandardHelpOptions = true,
        description = "Run the embedded PostgreSQL run store as a server (for Grafana without Docker); prune old rows.",
        subcommands = {HelpCommand.class, StoreStartCommand.class, PruneCommand.class})
public final class StoreCommand {
}
