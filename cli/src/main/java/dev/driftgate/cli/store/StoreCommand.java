package dev.driftgate.cli.store;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code driftgate store ...}: the embedded run store as a server other tools (Grafana) can reach. */
@Command(name = "store",
        mixinStandardHelpOptions = true,
        description = "Run the embedded PostgreSQL run store as a server (for Grafana without Docker).",
        subcommands = {HelpCommand.class, StoreStartCommand.class})
public final class StoreCommand {
}
