package dev.driftgate.core.shadow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Where the sampled events of a period ended, each in exactly one place: scored, late (scored after
 * its window fired: written, kept out of drift_windows), failed at the candidate (inference failed
 * after retries: dead-lettered, no row), failed at the judge (a row with judge_failed and no score),
 * dead-lettered (could not be read), or shed (dropped under overload by the job's load shedding, stage
 * {@code shed} in shadow_dead_letters, never on the DLQ topic). Rows count by event time, dead letters by when they were
 * written, over every candidate model (the topic's offsets do not know the model either).
 *
 * <p>An event replayed after a restore (at least once) can be shed or fail at the candidate on one
 * attempt and be scored on the next. Its dead letter and its row then name the same source record
 * (V11): it is counted once, as its row, and the dead letters so set aside are {@code scoredOnReplay}.
 */
public record ShadowOutcomes(long scored, long late, long failedCandidate, long failedJudge, long deadLettered,
                             long shed, long scoredOnReplay) {
    private static final String EVALS = """
            SELECT count(*) FILTER (WHERE NOT judge_failed AND NOT late),
                   count(*) FILTER (WHERE NOT judge_failed AND late),
                   count(*) FILTER (WHERE judge_failed)
            FROM shadow_evals WHERE ts >= ?""";
    private static final String DEAD_LETTERS = """
            SELECT count(*) FILTER (WHERE stage = 'candidate' AND NOT scored), count(*) FILTER (WHERE stage = 'parse'),
                   count(*) FILTER (WHERE stage = 'shed' AND NOT scored),
                   count(*) FILTER (WHERE stage IN ('candidate', 'shed') AND scored)
            FROM (SELECT d.stage, EXISTS (SELECT 1 FROM shadow_evals e WHERE e.source_topic = d.source_topic
                          AND e.source_partition = d.source_partition AND e.source_offset = d.source_offset) AS scored
                  FROM shadow_dead_letters d WHERE d.dead_lettered_at >= ?) letters""";

    /** Before load shedding existed: nothing shed. */
    public ShadowOutcomes(long scored, long late, long failedCandidate, long failedJudge, long deadLettered) {
        this(scored, late, failedCandidate, failedJudge, deadLettered, 0, 0);
    }

    public ShadowOutcomes(long scored, long late, long failedCandidate, long failedJudge, long deadLettered,
                          long shed) {
        this(scored, late, failedCandidate, failedJudge, deadLettered, shed, 0);
    }

    public long accounted() {
        return scored + late + failedCandidate + failedJudge + deadLettered + shed;
    }

    /** Judge failures are counted from their rows; their dead letters (stage judge) are not counted twice. */
    public static ShadowOutcomes since(DataSource dataSource, Instant from) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long[] evals = counts(c, EVALS, from, 3);
            long[] letters = counts(c, DEAD_LETTERS, from, 4);
            return new ShadowOutcomes(evals[0], evals[1], letters[0], evals[2], letters[1], letters[2], letters[3]);
        }
    }

    private static long[] counts(Connection c, String sql, Instant from, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(from));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = rs.getLong(i + 1);
                }
                return out;
            }
        }
    }

    /** A block for the report; {@code sampled} is -1 when unknown (no Kafka to count offsets on). */
    public String render(long sampled) {
        String head = sampled < 0 ? "sampled: unknown (give --bootstrap-servers to count the topic)"
                : "sampled: " + sampled + (sampled == accounted() ? " (all accounted for)"
                : " (" + (sampled - accounted()) + " not accounted for: in flight, or lost)");
        return "Accounting, all candidates: " + head + "\n"
                + "  scored " + scored + ", late " + late + ", failed: candidate " + failedCandidate + ", judge "
                + failedJudge + ", dead-lettered " + deadLettered + ", shed " + shed + " = " + accounted() + "\n"
                + (scoredOnReplay == 0 ? "" : "  (" + scoredOnReplay + " shed or failed once and scored on a replay after"
                        + " a restore: counted once, as scored)\n");
    }
}
