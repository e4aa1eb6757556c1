package dev.driftgate.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.testing.Sql;
import dev.driftgate.core.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.raw();

    @TempDir
    Path stateDir;

    @Test
    void externalUrlConnectsToThatServerAndMigratesIt() throws Exception {
        String url = pg.jdbcUrl();
        DatabaseTarget target = DatabaseTarget.external(url, Optional.of("postgres"), Optional.of("s3cret-never-shown"));
        try (Database db = Database.connect(target)) {
            assertThat(db.isEmbedded()).isFalse();
            assertThat(db.migrationsApplied()).isGreaterThanOrEqualTo(2);
            assertThat(db.describe()).contains(url).contains("as postgres").doesNotContain("s3cret");
        }
        // the tables are in the server named by the URL, and nothing was started under stateDir
        assertThat(Sql.queryOne(pg.dataSource(), "SELECT to_regclass('public.eval_runs')::text"))
                .isEqualTo("eval_runs");
        assertThat(stateDir.resolve("pgdata")).doesNotExist();
    }

    @Test
    void theDescriptionNeverCarriesAPassword() {
        // the description is printed by gate and promote and lands in the scorecard (issue 18 item 4)
        for (String url : java.util.List.of("jdbc:postgresql://db:5432/x?user=u&password=hunter2&ssl=true",
                "jdbc:postgresql://admin:hunter2@db:5432/x", "jdbc:postgresql://db/x?PASSWORD=hunter2")) {
            assertThat(DatabaseTarget.external(url, java.util.Optional.of("u"), java.util.Optional.of("hunter2"))
                    .description()).startsWith("PostgreSQL at jdbc:postgresql://").doesNotContain("hunter2");
        }
    }
}
