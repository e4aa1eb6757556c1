package dev.driftgate.cli.store;

import dev.driftgate.cli.ConfigDirOption;
import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.ShadowConfig;
import dev.driftgate.core.store.Database;
import dev.driftgate.core.store.Retention;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code driftgate store prune}: enforces shadow_config.yaml {@code retention} (shadow rows after
 * shadow_days, cached responses after response_cache_days; a TimescaleDB retention policy where the
 * extension exists). Idempotent; meant for cron, e.g. daily.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete shadow rows and cached responses older than shadow_config.yaml retention.*.")
public final class PruneCommand extends EnvironmentAware implements Callable<Integer> {
    @Mixin
    ConfigDirOption config = new ConfigDirOption();

    @Mixin
    StoreOption store = new StoreOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ShadowConfig.Retention r = new ConfigLoader().load(config.dir()).shadow().retention();
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = store.open(environment())) {
            Retention.Pruned p = Retention.prune(db.dataSource(), r.shadowDays(), r.responseCacheDays());
            out.printf("pruned %d shadow_evals and %d shadow_dead_letters rows older than %d days, %d response_cache"
                    + " rows older than %d days%s%n", p.shadowEvals(), p.deadLetters(), r.shadowDays(),
                    p.cachedResponses(), r.responseCacheDays(),
                    p.timescalePolicy() ? "; TimescaleDB retention policy on shadow_evals set" : "");
        }
        return ExitCodes.OK;
    }
}
