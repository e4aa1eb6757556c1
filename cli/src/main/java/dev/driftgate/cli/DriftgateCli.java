package dev.driftgate.cli;

import dev.driftgate.cli.bench.BenchCommand;
import dev.driftgate.cli.bench.BenchEvalCommand;
import dev.driftgate.cli.cluster.ClusterCommand;
import dev.driftgate.cli.dataset.DatasetCommand;
import dev.driftgate.cli.db.DbCommand;
import dev.driftgate.cli.demo.DemoCommand;
import dev.driftgate.cli.eval.EvalCommand;
import dev.driftgate.cli.gate.GateCommand;
import dev.driftgate.cli.gate.BaselineCommand;
import dev.driftgate.cli.gate.PromoteCommand;
import dev.driftgate.cli.gate.RunsCommand;
import dev.driftgate.cli.local.GatewayCommand;
import dev.driftgate.cli.local.SimLlmCommand;
import dev.driftgate.cli.report.ReportCommand;
import dev.driftgate.cli.score.ScoreCommand;
import dev.driftgate.cli.shadow.ShadowCommand;
import dev.driftgate.cli.shadow.StreamCommand;
import dev.driftgate.cli.store.StoreCommand;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

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
                EvalCommand.class,
                BenchEvalCommand.class,
                DatasetCommand.class,
                DemoCommand.class,
                ScoreCommand.class,
                BenchCommand.class,
                SimLlmCommand.class,
                GateCommand.class,
                dev.driftgate.cli.calibrate.CalibrateCommand.class,
                dev.driftgate.cli.judge.JudgeCommand.class,
                PromoteCommand.class,
                BaselineCommand.class,
                RunsCommand.class,
                GatewayCommand.class,
                StreamCommand.class,
                ShadowCommand.class,
                StoreCommand.class,
                ReportCommand.class,
                DbCommand.class,
                ClusterCommand.class,
        })
public final class DriftgateCli {

    /** Quiet by default: library logs go to a file (see {@link CliLogging}); --verbose shows them too. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Also show driftgate's INFO logs and all library logs on stderr "
                    + "(they always go to $DRIFTGATE_HOME/logs/driftgate.log).")
    void setVerbose(boolean verbose) {
        ((Logger) LoggerFactory.getLogger("dev.driftgate")).setLevel(verbose ? Level.INFO : null);
        CliLogging.setVerbose(verbose);
    }

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
        CliLogging.install(dev.driftgate.core.config.Environment.system().stateDir(), System.err);
        System.exit(execute(args));
    }
}
