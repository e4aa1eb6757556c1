package dev.driftgate.cli.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.cli.CliRun;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** retention.* of shadow_config.yaml (30 days each) enforced by `driftgate store prune`. */
class PruneCommandTest {
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();


    @Test
    void pruneDeletesWhatIsOlderThanTheRetentionAndKeepsTheRest() throws Exception {
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO shadow_evals (event_id, ts, prompt_hash, category, prod_model, shadow_model)"
                    + " SELECT 'e' || d, now() - d * interval '1 day', d, 'reasoning', 'p', 'c'"
                    + " FROM unnest(ARRAY[1, 29, 31, 400]) d");
            s.execute("INSERT INTO shadow_dead_letters VALUES ('t', 0, 1, 'parse', 'bad', now() - interval '31 days'),"
                    + " ('t', 0, 2, 'parse', 'bad', now())");
            s.execute("INSERT INTO response_cache (cache_key, provider, model, key_fields, response_text,"
                    + " input_tokens, output_tokens, original_cost_usd, original_latency_ms, created_at) VALUES"
                    + " (repeat('a', 64), 'openai', 'm', '{}', 'x', 1, 1, 0, 1, now() - interval '40 days'),"
                    + " (repeat('b', 64), 'openai', 'm', '{}', 'x', 1, 1, 0, 1, now())");
        }
        CliRun r = CliRun.execute(Map.of(Environment.DB_URL, pg.jdbcUrl()), "store",
                "prune", "--config-dir", "../config");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("pruned 2 shadow_evals and 1 shadow_dead_letters rows older than 30 days,"
                + " 1 response_cache rows older than 30 days");
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM shadow_evals), (SELECT count(*) FROM"
                     + " shadow_dead_letters), (SELECT count(*) FROM response_cache)")) {
            rs.next();
            assertThat(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).containsExactly(2, 1, 1);
        }
    }
}
