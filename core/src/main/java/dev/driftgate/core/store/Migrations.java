package dev.driftgate.core.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Applies the Flyway migrations under classpath:db/migration. Numbering: V1 run store, V2
 * TimescaleDB hypertable, V3 response cache, V4 shadow alert event key, V5 run parameters, ..., V9 shared rate
 * limits, V10 shadow_evals.cost_usd (the daily spend budget), V11 each eval's source record (replays counted
 * once); one owner per number.
 */
public final class Migrations {
    private Migrations() {
    }

    /** Migrates to the newest version and returns how many migrations ran. */
    public static int apply(DataSource dataSource) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .loggers("slf4j")
                // branches take version numbers in parallel: a lower version merged later must still apply
                // to a development database that already has a higher one
                .outOfOrder(true)
                .load();
        return flyway.migrate().migrationsExecuted;
    }
}
