package dev.driftgate.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftgate.core.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every SQL query of grafana/dashboards/*.json (panels, annotations, template variables) runs against
 * the real migrated schema as Grafana's read-only role (V6), with Grafana's macros and multi-value
 * variables expanded as Grafana would, and returns the columns its panel type needs, non-empty, for
 * seeded runs, gate decisions, shadow rows and alerts.
 */
class GrafanaDashboardsTest {
    private static final Path DASHBOARDS = Path.of("..", "grafana", "dashboards");
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.raw();
    private static boolean limitedMigrationCreatedRole;

    @BeforeAll
    static void start() throws Exception {
        migrateAsUserWhoCannotCreateRoles();
        Migrations.apply(pg.dataSource());
        seed(pg.dataSource());
    }

    /** V6 must not fail where the migrating user may not create roles (managed databases): it skips with a NOTICE. */
    private static void migrateAsUserWhoCannotCreateRoles() throws SQLException {
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE migrator LOGIN NOSUPERUSER NOCREATEROLE");
            s.execute("CREATE DATABASE limited OWNER migrator");
        }
        DataSource limited = pg.dataSource("migrator", "limited");
        try (Connection c = limited.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA app AUTHORIZATION migrator");
            s.execute("ALTER ROLE migrator SET search_path = app");
        }
        Migrations.apply(pg.dataSource("migrator", "limited"));
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = 'driftgate_grafana'")) {
            rs.next();
            limitedMigrationCreatedRole = rs.getInt(1) > 0;
        }
    }

    private static void seed(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            String[][] runs = {
                    {"p1", "6 days", "openai/a", "v1", "retired-production", "0.84"},
                    {"p2", "4 days", "openai/a", "v2", "previous-production", "0.85"},
                    {"p3", "2 days", "openai/b", "v2", "production", "0.87"},
                    {"c1", "1 day", "openai/c", "v2", "ci", "0.79"}};
            for (String[] r : runs) {
                s.execute("INSERT INTO eval_runs (run_id, started_at, status, model, prompt_template_version, tags, overall,"
                        + " judge_failures, usage) VALUES ('" + r[0] + "', now() - interval '" + r[1] + "', 'completed', '"
                        + r[2] + "', '" + r[3] + "', '{\"env\":\"" + r[4] + "\"}', " + r[5] + ", 0,"
                        + " '{\"openai/a\":{\"model\":\"openai/a\",\"calls\":10,\"input_tokens\":100,\"output_tokens\":50,\"cost_usd\":0.012}}')");
                for (String cat : List.of("reasoning", "safety")) {
                    s.execute("INSERT INTO eval_category_scores VALUES ('" + r[0] + "', '" + cat + "', 10, 0, 0.8, 0.5, 0.9, "
                            + r[5] + ")");
                }
            }
            s.execute("INSERT INTO gate_decisions (run_id, baseline_run_id, decision, reasons, scorecard, decided_at) VALUES"
                    + " ('c1', 'p3', 'blocked', '[\"reasoning dropped 0.08\"]', 'https://ci.example/run/1/scorecard.md',"
                    + " now() - interval '23 hours')");
            for (int i = 0; i < 60; i++) {
                String model = i % 2 == 0 ? "cand" : "cand2";
                s.execute("INSERT INTO shadow_evals (event_id, ts, prompt_hash, category, prod_model, shadow_model, prod_score,"
                        + " shadow_score, delta, judge_failed, cost_usd) VALUES ('e" + i + "', now() - interval '" + (2 * i)
                        + " minutes', " + i + ", '" + (i % 3 == 0 ? "safety" : "reasoning") + "', 'prod', '" + model + "', 0.85, "
                        + (0.80 + i % 5 * 0.02) + ", " + (-0.05 + i % 5 * 0.02) + ", " + (i % 10 == 0) + ", 0.0004)");
            }
            s.execute("INSERT INTO alerts (source, subject, category, kind, value, threshold, message, created_at)"
                    + " VALUES ('shadow', 'cand', 'reasoning', 'alert', 0.6, 0.72, 'drift', now() - interval '1 hour')");
        }
    }


    /** What Grafana sends for a 7-day range, a 5-minute interval and two values of every multi-value variable. */
    static String expand(String sql) {
        Matcher m = TIME_FILTER.matcher(sql);
        String out = m.replaceAll("($1 BETWEEN now() - interval '7 days' AND now())")
                .replace("$__timeFrom()", "(now() - interval '7 days')")
                .replace("$__timeTo()", "now()")
                .replace("$__interval", "5m")
                .replace("$model", "'cand','cand2'")
                .replace("$category", "'reasoning','safety'")
                .replace("$env", "'production','previous-production','retired-production','ci'");
        assertThat(out).as("unexpanded macro or variable in %s", sql).doesNotContain("$");
        return out;
    }

    /** A query's result: column names, their JDBC types, and how many rows. */
    record Result(List<String> names, List<Integer> types, int rows) {
        boolean numeric(String name) {
            int i = names.indexOf(name);
            return i >= 0 && Set.of(Types.DOUBLE, Types.NUMERIC, Types.BIGINT, Types.INTEGER, Types.REAL,
                    Types.FLOAT, Types.DECIMAL, Types.SMALLINT).contains(types.get(i));
        }

        boolean anyNumeric() {
            return names.stream().anyMatch(this::numeric);
        }

        boolean timestamp(String name) {
            int i = names.indexOf(name);
            return i >= 0 && (types.get(i) == Types.TIMESTAMP || types.get(i) == Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    /** Runs as driftgate_grafana, the read-only role the datasource uses. */
    static Result run(String sql) throws SQLException {
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET ROLE driftgate_grafana");
            try (ResultSet rs = s.executeQuery(expand(sql))) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> names = new ArrayList<>();
                List<Integer> types = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    names.add(md.getColumnLabel(i));
                    types.add(md.getColumnType(i));
                }
                int rows = 0;
                while (rs.next()) {
                    rows++;
                }
                return new Result(names, types, rows);
            }
        }
    }

    private static List<JsonNode> dashboards() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String name : List.of("quality-gate.json", "shadow.json")) {
            out.add(new ObjectMapper().readTree(DASHBOARDS.resolve(name).toFile()));
        }
        try (var files = Files.list(DASHBOARDS)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("quality-gate.json", "shadow.json");
        }
        return out;
    }

    @Test
    void everyPanelReturnsTheColumnsItsTypeNeeds() throws Exception {
        Set<String> titles = new HashSet<>();
        int sqlPanels = 0;
        for (JsonNode d : dashboards()) {
            for (JsonNode p : d.path("panels")) {
                String what = d.path("title").asText() + " / " + p.path("title").asText();
                titles.add(p.path("title").asText());
                if ("prometheus".equals(p.path("datasource").path("type").asText())) {
                    assertThat(p.path("datasource").path("uid").asText()).as(what).isEqualTo("driftgate-prometheus");
                    p.path("targets").forEach(t -> assertThat(t.path("expr").asText()).as(what).contains("flink_"));
                    continue;
                }
                assertThat(p.path("datasource").path("uid").asText()).as(what).isEqualTo("driftgate-pg");
                for (JsonNode t : p.path("targets")) {
                    String sql = t.path("rawSql").asText();
                    assertThat(sql).as(what + ": date_bin, not TimescaleDB's time_bucket").doesNotContain("time_bucket");
                    Result r = run(sql);
                    assertThat(r.rows()).as(what + ": no rows from\n" + sql).isPositive();
                    checkColumns(what, p, t, r);
                    sqlPanels++;
                }
            }
        }
        assertThat(titles).contains("Latest production overall", "Total runs", "Current model version", "Latest gate status",
                "Score per category over time", "Category x model version (mean composite)", "Recent runs and gate decisions",
                "Cost per run (USD)", "Production vs shadow: rolling average per category", "Delta (shadow - production) percentiles",
                "Sampled volume per interval", "Judge failure rate", "Late and dead-lettered events",
                "Promotion status per category", "Recent alerts");
        assertThat(sqlPanels).isGreaterThanOrEqualTo(15);
    }

    private static void checkColumns(String what, JsonNode panel, JsonNode target, Result r) {
        switch (panel.path("type").asText()) {
            case "timeseries" -> {
                assertThat(target.path("format").asText()).as(what).isEqualTo("time_series");
                assertThat(r.timestamp("time")).as(what + ": a time column " + r).isTrue();
                assertThat(r.anyNumeric()).as(what + ": a numeric value " + r).isTrue();
                if (r.names().contains("metric")) {
                    assertThat(r.names()).as(what + ": long format is time, metric, value").containsExactly("time", "metric", "value");
                }
            }
            case "stat" -> assertThat(r.rows()).as(what + ": a stat shows one value").isEqualTo(1);
            case "barchart" -> {
                String x = panel.path("options").path("xField").asText();
                assertThat(r.names()).as(what).contains(x);
                assertThat(r.anyNumeric()).as(what).isTrue();
            }
            case "table" -> {
                for (JsonNode tr : panel.path("transformations")) {
                    JsonNode o = tr.path("options");
                    assertThat(r.names()).as(what).contains(o.path("rowField").asText(), o.path("columnField").asText());
                    assertThat(r.numeric(o.path("valueField").asText())).as(what).isTrue();
                }
                panel.path("fieldConfig").path("overrides").forEach(o ->
                        assertThat(r.names()).as(what + ": override of a missing column").contains(o.path("matcher").path("options").asText()));
            }
            default -> throw new AssertionError(what + ": unchecked panel type " + panel.path("type"));
        }
    }

    @Test
    void statCardsShowTheSeededValues() throws Exception {
        JsonNode gate = dashboards().get(0);
        List<String> values = new ArrayList<>();
        for (JsonNode p : gate.path("panels")) {
            if (p.path("type").asText().equals("stat")) {
                try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery(expand(p.path("targets").get(0).path("rawSql").asText()))) {
                    rs.next();
                    values.add(rs.getString(rs.getMetaData().getColumnCount()));
                }
            }
        }
        assertThat(values).containsExactly("0.87", "4", "openai/b", "BLOCKED");
    }

    @Test
    void annotationsMarkModelAndPromptChangesAndVariablesListValues() throws Exception {
        List<String> texts = new ArrayList<>();
        for (JsonNode d : dashboards()) {
            for (JsonNode a : d.path("annotations").path("list")) {
                if (a.path("builtIn").asInt() == 1) {
                    continue;
                }
                String sql = a.path("target").path("rawSql").asText();
                Result r = run(sql);
                assertThat(r.timestamp("time")).as(sql).isTrue();
                assertThat(r.names()).contains("text", "tags");
                assertThat(r.rows()).as(sql).isPositive();
                if (d.path("uid").asText().equals("driftgate-quality-gate")) {
                    try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery(expand(sql) + " ORDER BY 1")) {
                        while (rs.next()) {
                            texts.add(rs.getString("text"));
                        }
                    }
                }
            }
            for (JsonNode v : d.path("templating").path("list")) {
                Result r = run(v.path("query").asText());
                assertThat(r.names()).hasSize(1);
                assertThat(r.rows()).as(v.path("name").asText()).isPositive();
            }
        }
        assertThat(texts).containsExactly("prompt template v1 -> v2", "model openai/a -> openai/b");
    }

    @Test
    void grafanaRoleReadsButCannotWriteAndTheMigrationSkipsItWithoutPrivilege() throws Exception {
        assertThat(limitedMigrationCreatedRole).as("a user without CREATEROLE migrates and the role is skipped").isFalse();
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET ROLE driftgate_grafana");
            assertThatThrownBy(() -> s.execute("DELETE FROM eval_runs")).hasMessageContaining("permission denied");
        }
    }

    @Test
    void provisioningIsDrivenByTheEnvironment() throws Exception {
        String ds = Files.readString(Path.of("..", "grafana", "provisioning", "datasources", "driftgate.yaml"));
        assertThat(ds).contains("uid: driftgate-pg").contains("uid: driftgate-prometheus")
                .contains("${DRIFTGATE_GRAFANA_DB_HOST}").doesNotContainPattern("password: [^$]");
        assertThat(Files.readString(Path.of("..", "grafana", "provisioning", "dashboards", "driftgate.yaml")))
                .contains("${DRIFTGATE_GRAFANA_DASHBOARDS}");
    }
}
