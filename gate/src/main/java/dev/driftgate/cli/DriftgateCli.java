package dev.driftgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The {@code driftgate} command. Each subcommand is a small class; only {@link #main} calls
 * System.exit, so tests run {@link #execute} and read the exit code.
 *
 * <p>Exit codes scripts can rely on: 0 success / gate passed, 1 invalid input or gate blocked,
 * 2 could not decide or too many failures, 130 interrupted.
 */
@Command(name = "driftgate",
        mixinStandardHelpOptions = true,
        version = "driftgate 0.1.0",
        description = "Catch LLM quality regressions before they ship and spot drift after.",
        subcommands = {
                HelpCommand.class,
                SimLlmCommand.class,
        })
public final class DriftgateCli {

    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new DriftgateCli());
        cli.setExecutionExceptionHandler(new ExitCodes.ExceptionHandler());
        cli.setExitCodeExceptionMapper(new ExitCodes.ExceptionMapper());
        return cli;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
