package dev.driftgate.cli.eval;

import dev.driftgate.cli.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.store.JdbcRunStore;
import dev.driftgate.core.store.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code driftgate eval} runs the rolling-average run alerts after recording the run: with two
 * earlier low runs of a category in the store, the new run completes the window and the alert goes
 * to the Slack webhook (a local HTTP server speaking Slack's incoming-webhook protocol); a webhook
 * that refuses the post is recorded as undelivered and does not change eval's exit code.
 */
class EvalRunAlertsTest {
    private static final String CONFIG = "../config";
    private static final String DATASET = "../data/eval/golden_dataset.jsonl";

    private static EmbeddedPostgres pg;
    private static HttpServer slack;
    private static final List<String> posted = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        slack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slack.createContext("/services/T0/B0/ok", ex -> {
            try (ex) {
                posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, ok.length);
                ex.getResponseBody().write(ok);
            }
        });
        slack.createContext("/services/T0/B0/gone", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                byte[] body = "no_service".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(404, body.length);
                ex.getResponseBody().write(body);
            }
        });
        slack.start();
    }

    @AfterAll
    static void stop() throws Exception {
        slack.stop(0);
        pg.close();
    }

    /** A fresh database on the class's server, migrated, with two earlier runs scoring {@code category} low. */
    private static String databaseWithLowHistory(String name, String category) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        DataSource ds = pg.getDatabase("postgres", name);
        Migrations.apply(ds);
        JdbcRunStore store = new JdbcRunStore(ds);
        Instant now = Instant.now();
        for (int i = 2; i >= 1; i--) {
            Instant started = now.minus(i, ChronoUnit.HOURS);
            store.saveRun(new EvalRun("run-low-" + i, started, started.plusSeconds(60), EvalRun.Status.COMPLETED, "sha", null,
                    "openai/sim-degraded", "openai/judge-sim", "v1", "hash", "dataset", "config", Map.of("env", "ci", "branch", "main"),
                    0.2, Map.of(category, new CategoryScore(category, 8, 0, 0.2, 0.2, 0.2, 0.2)), List.of(), Map.of(),
                    0));
        }
        return pg.getJdbcUrl("postgres", name);
    }

    private CliRun eval(String jdbcUrl, String webhook) {
        Map<String, String> env = Map.of("DRIFTGATE_DB_URL", jdbcUrl, "DRIFTGATE_DB_USER", "postgres",
                "DRIFTGATE_HOME", dir.toString(), "SLACK_WEBHOOK_URL", webhook);
        return CliRun.execute(env, "eval", "--config", CONFIG, "--dataset", DATASET, "--sim", "--limit", "5",
                "--no-cache", "--tag", "branch=main", "--out", dir.resolve("out").toString());
    }

    private static List<String> alertRows(String database) throws Exception {
        try (Connection c = pg.getDatabase("postgres", database).getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT category, kind, delivered, coalesce(delivery_error, '') FROM alerts"
                     + " WHERE source = 'runs' ORDER BY id")) {
            List<String> rows = new java.util.ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3) + " " + rs.getString(4));
            }
            return rows;
        }
    }

    @Test
    void aFullWindowBelowTheMinimumPostsOneSlackAlert() throws Exception {
        String url = databaseWithLowHistory("alert_sent", "safety");
        int before = posted.size();
        CliRun run = eval(url, "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/T0/B0/ok");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).containsPattern("run alert: safety rolling mean 0\\.[0-6]\\d\\d \\(threshold 0\\.72\\): alert sent");
        // the other categories have one run only: no full window, no alert
        assertThat(run.err()).doesNotContain("run alert: reasoning");
        assertThat(posted).hasSize(before + 1);
        assertThat(posted.get(before)).contains("safety").contains("\"blocks\"");
        assertThat(alertRows("alert_sent")).containsExactly("safety alert true ");
    }

    @Test
    void aWebhookThatRefusesThePostIsRecordedAndEvalStillExitsZero() throws Exception {
        String url = databaseWithLowHistory("alert_refused", "reasoning");
        CliRun run = eval(url, "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/T0/B0/gone");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("run alert: reasoning").contains("delivery failed");
        assertThat(run.err()).doesNotContain("/services/T0/B0/gone");
        List<String> rows = alertRows("alert_refused");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).startsWith("reasoning alert false ").contains("404");
    }
}
