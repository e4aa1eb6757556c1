package dev.driftgate.cli.db;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code driftgate db ...}: the run store's schema. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "The run store's schema.",
        subcommands = {HelpCommand.class, DbMigrateCommand.class})
public final class DbCommand {
}
