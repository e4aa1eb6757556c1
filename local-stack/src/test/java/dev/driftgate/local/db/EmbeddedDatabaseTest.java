package dev.driftgate.local.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {
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
        try (Database db = Database.connect(EmbeddedDatabase.start(stateDir))) {
            assertThat(db.isEmbedded()).isTrue();
            assertThat(db.migrationsApplied()).isGreaterThanOrEqualTo(2);
            assertThat(db.describe()).contains("embedded PostgreSQL").contains(stateDir.resolve("pgdata").toString());
            exec(db.dataSource(), "INSERT INTO alerts (source, subject, category, kind, message) VALUES ('db-test', '*', 'all', 'test', 'kept')");
        }
        assertThat(stateDir.resolve("pgdata").resolve("PG_VERSION")).exists();
        try (Database db = Database.connect(EmbeddedDatabase.start(stateDir))) {
            assertThat(db.migrationsApplied()).isZero(); // schema already current
            assertThat(queryOne(db.dataSource(), "SELECT message FROM alerts WHERE source = 'db-test'"))
                    .isEqualTo("kept");
        }
    }

}
