package dev.driftgate.cli;

import dev.driftgate.core.http.RetryingHttpClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;

/** One in-process run of the real root command, with its exit code and what it printed. */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        return execute(null, cli -> { }, args);
    }

    /** Runs with a scripted environment instead of the process environment. */
    static CliRun execute(Map<String, String> env, String... args) {
        return execute(env, cli -> { }, args);
    }

    static CliRun execute(Map<String, String> env, Consumer<CommandLine> customize, String... args) {
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
            gate.environment = env;
            gate.http = RetryingHttpClient.withDefaults().withSleeper(d -> { });
        } else if (command instanceof EnvironmentAware aware) {
            aware.useEnvironment(env);
        }
        cmd.getSubcommands().values().forEach(sub -> inject(sub, env));
    }

    int exitCode() {
        return code;
    }

    /** stderr split into lines, for one-error-per-line checks. */
    List<String> errLines() {
        return err.lines().toList();
    }

    String all() {
        return out + err;
    }
}
