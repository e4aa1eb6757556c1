package dev.driftgate.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.config.Environment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path stateDir;

    private static void exec(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String queryOne(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void embeddedDataSurvivesCloseAndReopen() throws Exception {
        Environment noDbEnv = Environment.of(Map.of(Environment.DB_URL, "  ")); // blank counts as unset
        try (Database db = Database.open(noDbEnv, stateDir)) {
            assertThat(db.isEmbedded()).isTrue();
            assertThat(db.migrationsApplied()).isGreaterThanOrEqualTo(2);
            assertThat(db.describe()).contains("embedded PostgreSQL").contains(stateDir.resolve("pgdata").toString());
            exec(db.dataSource(), "INSERT INTO alerts (source, subject, category, kind, message) VALUES ('db-test', '*', 'all', 'test', 'kept')");
        }
        assertThat(stateDir.resolve("pgdata").resolve("PG_VERSION")).exists();
        try (Database db = Database.open(noDbEnv, stateDir)) {
            assertThat(db.migrationsApplied()).isZero(); // schema already current
            assertThat(queryOne(db.dataSource(), "SELECT message FROM alerts WHERE source = 'db-test'"))
                    .isEqualTo("kept");
        }
    }

    @Test
    void environmentUrlConnectsToThatServerAndMigratesIt() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
            String url = server.getJdbcUrl("postgres", "postgres");
            Environment env = Environment.of(Map.of(
                    Environment.DB_URL, url,
                    Environment.DB_USER, "postgres",
                    Environment.DB_PASSWORD, "s3cret-never-shown"));
            try (Database db = Database.open(env, stateDir)) {
                assertThat(db.isEmbedded()).isFalse();
                assertThat(db.migrationsApplied()).isGreaterThanOrEqualTo(2);
                assertThat(db.describe()).contains(url).contains("as postgres").doesNotContain("s3cret");
            }
            // the tables are in the server named by the URL, and nothing was started under stateDir
            assertThat(queryOne(server.getPostgresDatabase(), "SELECT to_regclass('public.eval_runs')::text"))
                    .isEqualTo("eval_runs");
            assertThat(stateDir.resolve("pgdata")).doesNotExist();
        }
    }

    @Test
    void passwordsInsideTheUrlAreRedacted() {
        assertThat(Database.redact("jdbc:postgresql://db:5432/x?user=u&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/x?user=u&password=***&ssl=true");
        assertThat(Database.redact("jdbc:postgresql://db/x?PASSWORD=abc")).isEqualTo("jdbc:postgresql://db/x?PASSWORD=***");
    }
}
