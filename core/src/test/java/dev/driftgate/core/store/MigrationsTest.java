package dev.driftgate.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    @Test
    void createsEveryTableOnARealPostgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            int applied = Migrations.apply(pg.getPostgresDatabase());
            assertThat(applied).isGreaterThanOrEqualTo(2);
            List<String> tables = new ArrayList<>();
            try (Connection c = pg.getPostgresDatabase().getConnection();
                 ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("eval_runs", "eval_category_scores", "eval_example_scores",
                    "shadow_evals", "drift_windows", "alerts");
            assertThat(Migrations.apply(pg.getPostgresDatabase())).isZero();
        }
    }
}
