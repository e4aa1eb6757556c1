package dev.driftgate.cli.store;

import picocli.CommandLine.Command;

/** {@code driftgate store}: housekeeping of the PostgreSQL store. */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Store housekeeping.",
        subcommands = {PruneCommand.class})
public final class StoreCommand {
}
