package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftgate.core.store.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every SQL query in grafana/dashboards/*.json (panels and template variables) runs against the real
 * migrated schema, with Grafana's macros substituted as Grafana would, and returns rows for sample data.
 */
class GrafanaDashboardsTest {
    private static final Path DASHBOARDS = Path.of("..", "grafana", "dashboards");
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        Migrations.apply(pg.getPostgresDatabase());
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO eval_runs (run_id, started_at, status, model, tags, overall, judge_failures)"
                    + " VALUES ('r1', now() - interval '1 hour', 'finished', 'openai/sim-good', '{\"env\":\"ci\"}', 0.84, 1)");
            s.execute("INSERT INTO eval_category_scores VALUES ('r1', 'reasoning', 10, 0, 0.8, 0.5, 0.9, 0.79)");
            s.execute("INSERT INTO shadow_evals (event_id, ts, prompt_hash, category, prod_model, shadow_model,"
                    + " prod_score, shadow_score, delta) VALUES ('e1', now() - interval '10 minutes', 1, 'reasoning',"
                    + " 'prod', 'cand', 0.9, 0.8, -0.1)");
            s.execute("INSERT INTO drift_windows VALUES ('cand', 'reasoning', now() - interval '15 minutes',"
                    + " now() - interval '10 minutes', 1, 0.9, 0.8, -0.1, -0.1, -0.1, -0.1, 0)");
            s.execute("INSERT INTO alerts (source, subject, category, kind, value, threshold, message)"
                    + " VALUES ('shadow', 'cand', 'reasoning', 'alert', 0.6, 0.72, 'drift')");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    /** What Grafana sends for a 24-hour range, a 5-minute interval and single-valued variables. */
    static String substituteMacros(String sql) {
        Matcher m = TIME_FILTER.matcher(sql);
        String out = m.replaceAll("($1 BETWEEN now() - interval '24 hours' AND now())")
                .replace("$__timeFrom()", "(now() - interval '24 hours')")
                .replace("$__timeTo()", "now()")
                .replace("$__interval", "5m")
                .replace("$model", "'cand'")
                .replace("$category", "'reasoning'");
        assertThat(out).as("unsubstituted macro or variable in %s", sql).doesNotContain("$");
        return out;
    }

    @Test
    void everyDashboardQueryRunsOnTheMigratedSchemaAndFindsTheSampleData() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Path> files;
        try (Stream<Path> s = Files.list(DASHBOARDS)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("runs.json", "shadow.json");
        int queries = 0;
        for (Path f : files) {
            JsonNode d = json.readTree(f.toFile());
            assertThat(d.path("uid").asText()).as(f + " uid").isNotBlank();
            assertThat(d.path("panels")).as(f + " panels").isNotEmpty();
            List<String> sqls = new ArrayList<>();
            for (JsonNode p : d.path("panels")) {
                assertThat(p.path("datasource").path("uid").asText()).as(f + " panel " + p.path("title"))
                        .isEqualTo("driftgate-pg");
                for (JsonNode t : p.path("targets")) {
                    sqls.add(t.path("rawSql").asText());
                }
            }
            for (JsonNode v : d.path("templating").path("list")) {
                sqls.add(v.path("query").asText());
            }
            for (String sql : sqls) {
                assertThat(sql).as(f + ": TimescaleDB-only functions keep the dashboards off plain PostgreSQL")
                        .doesNotContain("time_bucket");
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery(substituteMacros(sql))) {
                    assertThat(rs.next()).as(f + ": no rows from\n" + sql).isTrue();
                }
                queries++;
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(13);
    }

    @Test
    void provisioningIsDrivenByTheEnvironment() throws Exception {
        String ds = Files.readString(Path.of("..", "grafana", "provisioning", "datasources", "driftgate.yaml"));
        assertThat(ds).contains("uid: driftgate-pg").contains("${DRIFTGATE_DB_PASSWORD}")
                .contains("${DRIFTGATE_GRAFANA_DB_HOST}");
        assertThat(Files.readString(Path.of("..", "grafana", "provisioning", "dashboards", "driftgate.yaml")))
                .contains("${DRIFTGATE_GRAFANA_DASHBOARDS}");
    }
}
