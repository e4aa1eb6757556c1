package dev.driftgate.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MigrationsTest {
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.raw();

    @Test
    void createsEveryTableOnARealPostgres() throws Exception {
        int applied = Migrations.apply(pg.dataSource());
        assertThat(applied).isGreaterThanOrEqualTo(2);
        List<String> tables = new ArrayList<>();
        try (Connection c = pg.dataSource().getConnection();
             ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        assertThat(tables).contains("eval_runs", "eval_category_scores", "eval_example_scores",
                "shadow_evals", "drift_windows", "alerts");
        assertThat(Migrations.apply(pg.dataSource())).isZero();
    }
}
