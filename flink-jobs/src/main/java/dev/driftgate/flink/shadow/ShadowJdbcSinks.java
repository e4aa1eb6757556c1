package dev.driftgate.flink.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.shadow.ShadowEval;
import dev.driftgate.core.store.AlertStore;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;

/**
 * At-least-once JDBC sinks (flink-connector-jdbc 4.0 Sink v2) whose statements are upserts on each
 * table's key, so a replay after a restore overwrites rather than duplicates. Failed scores are NULL,
 * never 0.
 */
public final class ShadowJdbcSinks {
    static final String UPSERT_EVAL = """
            INSERT INTO shadow_evals (event_id, ts, prompt_hash, prompt, category, prod_model, shadow_model,
                prod_score, shadow_score, delta, agreement_bertscore_f1, agreement_rouge_l_f1, judge_details,
                judge_failed, prod_latency_ms, shadow_latency_ms, candidate_overrides, request_schema, late, cost_usd,
                source_topic, source_partition, source_offset)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), ?, ?, ?, CAST(? AS JSONB), ?, ?, ?, ?, ?, ?)
            ON CONFLICT (event_id, ts) DO UPDATE SET
                prompt = EXCLUDED.prompt, prod_score = EXCLUDED.prod_score, shadow_score = EXCLUDED.shadow_score,
                delta = EXCLUDED.delta, agreement_bertscore_f1 = EXCLUDED.agreement_bertscore_f1,
                agreement_rouge_l_f1 = EXCLUDED.agreement_rouge_l_f1, judge_details = EXCLUDED.judge_details,
                judge_failed = EXCLUDED.judge_failed, shadow_latency_ms = EXCLUDED.shadow_latency_ms,
                candidate_overrides = EXCLUDED.candidate_overrides, request_schema = EXCLUDED.request_schema,
                late = EXCLUDED.late, cost_usd = EXCLUDED.cost_usd, source_topic = EXCLUDED.source_topic,
                source_partition = EXCLUDED.source_partition, source_offset = EXCLUDED.source_offset
            """;
    static final String UPSERT_DEAD_LETTER = """
            INSERT INTO shadow_dead_letters (source_topic, source_partition, source_offset, stage, reason,
                dead_lettered_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (source_topic, source_partition, source_offset) DO UPDATE SET
                stage = EXCLUDED.stage, reason = EXCLUDED.reason
            """;
    static final String UPSERT_WINDOW = """
            INSERT INTO drift_windows (shadow_model, category, window_start, window_end, n, mean_prod,
                mean_shadow, mean_delta, p10_delta, p50_delta, p90_delta, judge_failure_rate)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (shadow_model, category, window_start) DO UPDATE SET
                window_end = EXCLUDED.window_end, n = EXCLUDED.n, mean_prod = EXCLUDED.mean_prod,
                mean_shadow = EXCLUDED.mean_shadow, mean_delta = EXCLUDED.mean_delta,
                p10_delta = EXCLUDED.p10_delta, p50_delta = EXCLUDED.p50_delta, p90_delta = EXCLUDED.p90_delta,
                judge_failure_rate = EXCLUDED.judge_failure_rate
            """;
    private ShadowJdbcSinks() {
    }

    /** Connections whose password is read on the task manager from {@code passwordVariable} (may be null). */
    public static JdbcConnectionProvider connection(String url, String user, String passwordVariable) {
        return new TaskManagerJdbcConnections(url, user, passwordVariable);
    }

    static JdbcExecutionOptions execution(int batchSize, long batchIntervalMs) {
        return JdbcExecutionOptions.builder().withBatchSize(batchSize).withBatchIntervalMs(batchIntervalMs)
                .withMaxRetries(3).build();
    }

    public static JdbcSink<ScoredEvent> shadowEvals(JdbcConnectionProvider conn, JdbcExecutionOptions exec) {
        return JdbcSink.<ScoredEvent>builder().withQueryStatement(UPSERT_EVAL, ShadowJdbcSinks::bindEval)
                .withExecutionOptions(exec).buildAtLeastOnce(conn);
    }

    /** One row per dead letter, keyed by its source record (a replay overwrites; the first time stays). */
    public static JdbcSink<DeadLetter> deadLetterRows(JdbcConnectionProvider conn, JdbcExecutionOptions exec) {
        return JdbcSink.<DeadLetter>builder().withQueryStatement(UPSERT_DEAD_LETTER, ShadowJdbcSinks::bindDeadLetter)
                .withExecutionOptions(exec).buildAtLeastOnce(conn);
    }

    public static JdbcSink<DriftWindow> driftWindows(JdbcConnectionProvider conn, JdbcExecutionOptions exec) {
        return JdbcSink.<DriftWindow>builder().withQueryStatement(UPSERT_WINDOW, ShadowJdbcSinks::bindWindow)
                .withExecutionOptions(exec).buildAtLeastOnce(conn);
    }

    public static JdbcSink<AlertDelivery> alerts(JdbcConnectionProvider conn, JdbcExecutionOptions exec) {
        return JdbcSink.<AlertDelivery>builder().withQueryStatement(AlertStore.UPSERT, ShadowJdbcSinks::bindAlert)
                .withExecutionOptions(exec).buildAtLeastOnce(conn);
    }

    static void bindEval(PreparedStatement ps, ScoredEvent s) throws SQLException {
        ShadowEval e = s.eval();
        ps.setString(1, e.eventId());
        ps.setObject(2, time(e.ts()));
        ps.setLong(3, e.promptHash());
        ps.setString(4, s.prompt());
        ps.setString(5, e.category());
        ps.setString(6, e.prodModel());
        ps.setString(7, e.shadowModel());
        dbl(ps, 8, e.prodScore());
        dbl(ps, 9, e.shadowScore());
        dbl(ps, 10, e.delta());
        dbl(ps, 11, e.agreementBertscoreF1());
        dbl(ps, 12, e.agreementRougeLF1());
        ps.setString(13, judgeDetails(e));
        ps.setBoolean(14, e.judgeFailed());
        ps.setLong(15, e.prodLatencyMs());
        ps.setLong(16, e.shadowLatencyMs());
        ps.setString(17, overridesJson(s.candidate()));
        ps.setInt(18, s.candidate() == null ? 1 : s.candidate().requestSchema());
        ps.setBoolean(19, s.late());
        // a replay after a restore calls the models again and overwrites the row with that scoring's cost:
        // the day's spend read from these rows leaves out the calls of the replaced scoring
        dbl(ps, 20, s.costUsd());
        SourceOffset source = s.source();
        ps.setString(21, source == null ? null : source.topic());
        ps.setObject(22, source == null ? null : source.partition(), java.sql.Types.INTEGER);
        ps.setObject(23, source == null ? null : source.offset(), java.sql.Types.BIGINT);
    }

    static void bindDeadLetter(PreparedStatement ps, DeadLetter d) throws SQLException {
        ps.setString(1, d.topic());
        ps.setInt(2, d.partition());
        ps.setLong(3, d.offset());
        ps.setString(4, d.stage());
        ps.setString(5, d.reason());
        ps.setObject(6, time(d.ts()));
    }

    /** The overrides the candidate was sent with, {@code {}} for production's request as it was. */
    static String overridesJson(CandidateCall candidate) {
        try {
            return Json.mapper().writeValueAsString(candidate == null ? Map.of() : candidate.overrides());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void bindWindow(PreparedStatement ps, DriftWindow w) throws SQLException {
        ps.setString(1, w.shadowModel());
        ps.setString(2, w.category());
        ps.setObject(3, time(w.windowStart()));
        ps.setObject(4, time(w.windowEnd()));
        ps.setInt(5, w.n());
        dbl(ps, 6, w.meanProd());
        dbl(ps, 7, w.meanShadow());
        dbl(ps, 8, w.meanDelta());
        dbl(ps, 9, w.p10Delta());
        dbl(ps, 10, w.p50Delta());
        dbl(ps, 11, w.p90Delta());
        dbl(ps, 12, w.judgeFailureRate());
    }

    /** Through {@link AlertStore}: the alerts table has one SQL path. */
    static void bindAlert(PreparedStatement ps, AlertDelivery d) throws SQLException {
        AlertStore.bind(ps, d.row());
    }

    private static OffsetDateTime time(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    private static void dbl(PreparedStatement ps, int i, double v) throws SQLException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    /** Verdicts as JSON without NaN (PostgreSQL's jsonb rejects it): failed scores are omitted. */
    static String judgeDetails(ShadowEval e) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (e.prodJudge() != null) {
            verdict(root.putObject("prod"), e.prodJudge());
        }
        if (e.shadowJudge() != null) {
            verdict(root.putObject("shadow"), e.shadowJudge());
        }
        return root.toString();
    }

    private static void verdict(ObjectNode n, JudgeVerdict v) {
        if (!v.failed()) {
            n.put("factual_accuracy", v.factualAccuracy());
            n.put("instruction_following", v.instructionFollowing());
            n.put("safety", v.safety());
            n.put("overall", v.overall());
        }
        n.put("rationale", v.rationale());
        n.put("attempts", v.attempts());
        n.put("latency_ms", v.latencyMs());
        n.put("failed", v.failed());
        n.put("failure_reason", v.failureReason());
    }
}
