package dev.driftgate.local.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.store.Database;
import dev.driftgate.core.testing.Sql;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {
    @TempDir
    Path stateDir;

    @Test
    void embeddedDataSurvivesCloseAndReopen() throws Exception {
        try (Database db = Database.connect(EmbeddedDatabase.start(stateDir))) {
            assertThat(db.isEmbedded()).isTrue();
            assertThat(db.migrationsApplied()).isGreaterThanOrEqualTo(2);
            assertThat(db.describe()).contains("embedded PostgreSQL").contains(stateDir.resolve("pgdata").toString());
            Sql.execute(db.dataSource(), "INSERT INTO alerts (source, subject, category, kind, message) VALUES ('db-test', '*', 'all', 'test', 'kept')");
        }
        assertThat(stateDir.resolve("pgdata").resolve("PG_VERSION")).exists();
        try (Database db = Database.connect(EmbeddedDatabase.start(stateDir))) {
            assertThat(db.migrationsApplied()).isZero(); // schema already current
            assertThat(Sql.queryOne(db.dataSource(), "SELECT message FROM alerts WHERE source = 'db-test'"))
                    .isEqualTo("kept");
        }
    }

}
