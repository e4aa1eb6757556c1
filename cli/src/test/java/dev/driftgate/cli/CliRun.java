package dev.driftgate.cli;

import dev.driftgate.cli.gate.GateCommand;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.http.RetryingHttpClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;

/** One in-process run of the real root command, with its exit code and what it printed. */
public record CliRun(int code, String out, String err) {

    public static CliRun of(String... args) {
        return execute(null, cli -> { }, args);
    }

    /** Runs with a scripted environment instead of the process environment. */
    public static CliRun execute(Map<String, String> env, String... args) {
        return execute(env, cli -> { }, args);
    }

    public static CliRun execute(Map<String, String> env, Consumer<CommandLine> customize, String... args) {
        CommandLine cli = DriftgateCli.newCommandLine();
        if (env != null) {
            cli.getSubcommands().values().forEach(sub -> inject(sub, env));
        }
        customize.accept(cli);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    private static void inject(CommandLine cmd, Map<String, String> env) {
        Object command = cmd.getCommand();
        if (command instanceof GateCommand gate) {
            gate.useEnvironment(Environment.of(env));
            gate.useHttp(RetryingHttpClient.withDefaults().withSleeper(d -> { }));
        } else if (command instanceof EnvironmentAware aware) {
            aware.useEnvironment(Environment.of(env));
        }
        cmd.getSubcommands().values().forEach(sub -> inject(sub, env));
    }

    public int exitCode() {
        return code;
    }

    /** stderr split into lines, for one-error-per-line checks. */
    public List<String> errLines() {
        return err.lines().toList();
    }

    public String all() {
        return out + err;
    }
}
