package dev.driftgate.cli.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.cli.CliRun;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `driftgate store start` in-process: reachable on its fixed port by JDBC (as Grafana's role too), stopped by interrupt. */
class StoreStartCommandTest {
    @TempDir
    Path home;

    @Test
    void keepsTheStoreUpOnTheGivenPortUntilStopped() throws Exception {
        int port = freePort();
        AtomicReference<Thread> runner = new AtomicReference<>();
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> {
            runner.set(Thread.currentThread());
            return CliRun.execute(Map.of("DRIFTGATE_HOME", home.toString()), "store", "start", "--port", Integer.toString(port));
        });
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";

        try (Connection c = connectWithin(url, "driftgate_grafana", 60); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM eval_runs")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("migrated, and readable by Grafana's role").isZero();
        }
        runner.get().interrupt();
        CliRun result = run.get(60, TimeUnit.SECONDS);

        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.out()).contains("DRIFTGATE_GRAFANA_DB_HOST=127.0.0.1:" + port, "DRIFTGATE_GRAFANA_DB_USER=driftgate_grafana",
                "export DRIFTGATE_DB_URL=" + url, "driftgate store: stopped");
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "")).isInstanceOf(SQLException.class);
    }

    @Test
    void refusesWhenAnExternalDatabaseIsConfigured() {
        CliRun run = CliRun.execute(Map.of("DRIFTGATE_HOME", home.toString(), "DRIFTGATE_DB_URL", "jdbc:postgresql://db:5432/x"),
                "store", "start");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("DRIFTGATE_DB_URL is set");
    }

    private static Connection connectWithin(String url, String user, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            try {
                return DriverManager.getConnection(url, user, "");
            } catch (SQLException e) {
                // not up yet, or up but not migrated (the role does not exist yet)
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
