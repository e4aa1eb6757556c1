package dev.driftgate.cli.judge;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code driftgate judge ...}: questions about the LLM judge itself. */
@Command(name = "judge", mixinStandardHelpOptions = true, description = "The LLM judge: agreement with people.",
        subcommands = {JudgeAgreementCommand.class})
public final class JudgeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
