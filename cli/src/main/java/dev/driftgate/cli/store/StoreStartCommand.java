package dev.driftgate.cli.store;

import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StateDirOption;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.store.Database;
import dev.driftgate.local.db.EmbeddedDatabase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate store start [--port N]}: keeps the embedded PostgreSQL under the state directory up
 * on a fixed port, migrated, and prints the Grafana datasource settings, until Ctrl-C (or until the
 * thread is interrupted, which is how tests stop it). Every other command would otherwise start the
 * store on a random port and stop it on exit, which no Grafana can follow.
 */
@Command(name = "start",
        mixinStandardHelpOptions = true,
        description = {"Start the embedded run store on a fixed port and keep it up until Ctrl-C;",
                "prints the Grafana datasource settings and the DRIFTGATE_DB_URL other commands can share.",
                "Exit codes: 0 stopped, 1 DRIFTGATE_DB_URL is set (use that database), 2 could not start."})
public final class StoreStartCommand extends EnvironmentAware implements Callable<Integer> {
    /** Default port: away from PostgreSQL's 5432 so a machine's own server does not collide. */
    public static final int DEFAULT_PORT = 54329;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + DEFAULT_PORT,
            description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (environment().get(Environment.DB_URL).isPresent()) {
            err.println("driftgate store start: DRIFTGATE_DB_URL is set, so driftgate uses that database; "
                    + "point Grafana at it instead (unset DRIFTGATE_DB_URL to use the embedded store)");
            return ExitCodes.INVALID_OR_BLOCKED;
        }
        Path state = stateDir.resolve(environment());
        Database db;
        try {
            db = Database.connect(EmbeddedDatabase.start(state, port));
        } catch (RuntimeException e) {
            err.println("driftgate store start: cannot start on port " + port + ": " + e.getMessage());
            return ExitCodes.UNDECIDED;
        }
        // Ctrl-C runs shutdown hooks, not the code after await(): stop the server there too.
        Thread hook = new Thread(db::close, "driftgate-store-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            printSettings(out, db, state);
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            db.close();
            removeHook(hook);
        }
        out.println("driftgate store: stopped (data kept in " + EmbeddedDatabase.dataDir(state) + ")");
        out.flush();
        return ExitCodes.OK;
    }

    /** The embedded server trusts local connections, so there is no password to print. */
    private void printSettings(PrintWriter out, Database db, Path state) {
        out.println("driftgate store: " + db.describe() + " (migrations applied now: " + db.migrationsApplied() + ")");
        out.println();
        out.println("Grafana datasource (grafana/provisioning/datasources/driftgate.yaml reads these):");
        out.println("  DRIFTGATE_GRAFANA_DB_HOST=127.0.0.1:" + port);
        out.println("  DRIFTGATE_GRAFANA_DB_NAME=postgres");
        out.println("  DRIFTGATE_GRAFANA_DB_SSLMODE=disable");
        out.println("  DRIFTGATE_GRAFANA_DB_USER=driftgate_grafana     (read-only)");
        out.println("  DRIFTGATE_GRAFANA_DB_PASSWORD=                  (none: the embedded store trusts 127.0.0.1)");
        out.println("  DRIFTGATE_GRAFANA_DASHBOARDS=" + Path.of("grafana", "dashboards").toAbsolutePath());
        out.println();
        out.println("Other driftgate commands share it while it runs:");
        out.println("  export DRIFTGATE_DB_URL=jdbc:postgresql://127.0.0.1:" + port + "/postgres DRIFTGATE_DB_USER=postgres");
        out.println();
        out.println("Ctrl-C stops it; the data stays in " + EmbeddedDatabase.dataDir(state));
        out.flush();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }
}
