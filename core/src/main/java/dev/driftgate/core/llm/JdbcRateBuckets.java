package dev.driftgate.core.llm;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.store.DatabaseTarget;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limit buckets in PostgreSQL (table rate_limit_buckets, Flyway V9), shared by every client, subtask
 * and JVM that uses the same database and bucket name: the alternative, dividing each limit by the number
 * of subtasks, is exact only while parallelism is static and the load even (an idle subtask wastes its
 * share; a rescale breaks it until every subtask is rebuilt).
 *
 * <p>One upsert per reservation; its row lock serialises the callers and the database clock refills the
 * bucket, so client clocks never matter. Costs one round trip (~1 ms) per call: fine at LLM rates (a few
 * thousand calls a minute). If the database fails, the bucket falls back to a local one with the same
 * limit and logs it: calls go on, and the limit is then per client again, as before.
 */
public final class JdbcRateBuckets implements RateBuckets {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcRateBuckets.class);

    // refill by the time since the last update (never negative), cap at capacity, then take the amount
    private static final String RESERVE = """
            INSERT INTO rate_limit_buckets AS b (bucket, capacity, refill_per_second, available, refilled_at)
            VALUES (?, ?, ?, ? - ?, clock_timestamp())
            ON CONFLICT (bucket) DO UPDATE SET
              capacity = EXCLUDED.capacity,
              refill_per_second = EXCLUDED.refill_per_second,
              available = LEAST(EXCLUDED.capacity, b.available + GREATEST(0.0,
                  EXTRACT(EPOCH FROM clock_timestamp() - b.refilled_at)::double precision) * EXCLUDED.refill_per_second) - ?,
              refilled_at = GREATEST(b.refilled_at, clock_timestamp())
            RETURNING available""";

    private final DataSource dataSource;

    public JdbcRateBuckets(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Shared buckets over DRIFTGATE_DB_URL (user and password from DRIFTGATE_DB_USER/_PASSWORD, read here,
     * on the task manager) when DRIFTGATE_SHARED_RATE_LIMITS is "true"; otherwise local ones. A missing URL
     * with the switch on is an error, not a silent per-client limit.
     */
    public static RateBuckets fromEnvironment(Environment env) {
        if (!env.get(Environment.SHARED_RATE_LIMITS).map(Boolean::parseBoolean).orElse(false)) {
            return RateBuckets.local();
        }
        String url = env.get(Environment.DB_URL).orElseThrow(() -> new IllegalStateException(
                Environment.SHARED_RATE_LIMITS + " is true but " + Environment.DB_URL + " is not set"));
        return new JdbcRateBuckets(DatabaseTarget.external(url, env.get(Environment.DB_USER),
                env.get(Environment.DB_PASSWORD)).dataSource());
    }

    @Override
    public RateBucket bucket(String name, double capacity, double refillPerSecond) {
        TokenBucket fallback = new TokenBucket(capacity, refillPerSecond, System::nanoTime);
        return amount -> {
            try {
                double available = reserve(name, capacity, refillPerSecond, amount);
                return available >= 0 ? 0 : (long) Math.ceil(-available / refillPerSecond * 1e9);
            } catch (SQLException e) {
                LOG.warn("shared rate limit bucket {} unavailable ({}); limiting in this client only", name, e.getMessage());
                return fallback.reserve(amount);
            }
        };
    }

    private double reserve(String name, double capacity, double refillPerSecond, double amount) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(RESERVE)) {
            s.setString(1, name);
            s.setDouble(2, capacity);
            s.setDouble(3, refillPerSecond);
            s.setDouble(4, capacity);
            s.setDouble(5, amount);
            s.setDouble(6, amount);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getDouble(1);
            }
        }
    }
}
