package dev.driftgate.cli.db;

import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.store.Database;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate db migrate}: applies pending Flyway migrations and exits; the one-shot service of
 * docker-compose runs it before anything else touches the database.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Apply pending migrations to the run store (DRIFTGATE_DB_URL, or the embedded one).",
                "Exit codes: 0 migrated or already current, 2 store unavailable."})
public final class DbMigrateCommand extends EnvironmentAware implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store = new StoreOption();

    @Override
    public Integer call() {
        try (Database db = store.open(environment())) {
            spec.commandLine().getOut().println("migrated " + db.describe() + ": " + db.migrationsApplied()
                    + " migration(s) applied");
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("driftgate db migrate: " + StoreOption.redact(e.getMessage(), environment()));
            return ExitCodes.UNDECIDED;
        }
    }
}
