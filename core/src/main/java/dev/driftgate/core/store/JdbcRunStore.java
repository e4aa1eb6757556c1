package dev.driftgate.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.core.scoring.ModelUsage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link RunStore} over the V1 schema. A run and its category and example rows are written in one
 * transaction (replacing an earlier copy of the same run id), so a reader never sees half a run.
 * Failed scores are stored as NULL, never as 0.
 */
public final class JdbcRunStore implements RunStore {
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, ModelUsage>> USAGE = new TypeReference<>() { };
    static final String PRODUCTION = "production";
    static final String PREVIOUS_PRODUCTION = "previous-production";
    static final String RETIRED_PRODUCTION = "retired-production";

    private final DataSource dataSource;

    public JdbcRunStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void saveRun(EvalRun run) {
        inTransaction("save run " + run.runId(), c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM eval_runs WHERE run_id = ?")) {
                del.setString(1, run.runId());
                del.executeUpdate();
            }
            insertRun(c, run);
            insertCategories(c, run);
            insertExamples(c, run);
            return null;
        });
    }

    private void insertRun(Connection c, EvalRun run) throws SQLException {
        String sql = "INSERT INTO eval_runs (run_id, started_at, finished_at, status, git_sha, pr_number, model,"
                + " judge_model, prompt_template_version, system_prompt_hash, dataset_version, config_hash, tags,"
                + " overall, judge_failures, usage, params) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?::jsonb,?,?,?::jsonb,?::jsonb)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, run.runId());
            ps.setTimestamp(i++, Timestamp.from(run.startedAt()));
            ps.setTimestamp(i++, run.finishedAt() == null ? null : Timestamp.from(run.finishedAt()));
            ps.setString(i++, run.status().wire());
            ps.setString(i++, run.gitSha());
            if (run.prNumber() == null) {
                ps.setNull(i++, Types.INTEGER);
            } else {
                ps.setInt(i++, run.prNumber());
            }
            ps.setString(i++, run.model());
            ps.setString(i++, run.judgeModel());
            ps.setString(i++, run.promptTemplateVersion());
            ps.setString(i++, run.systemPromptHash());
            ps.setString(i++, run.datasetVersion());
            ps.setString(i++, run.configHash());
            ps.setString(i++, toJson(run.tags() == null ? Map.of() : run.tags()));
            setDouble(ps, i++, run.overall());
            ps.setInt(i++, run.judgeFailures());
            ps.setString(i++, toJson(run.usage() == null ? Map.of() : run.usage()));
            ps.setString(i, toJson(run.params()));
            ps.executeUpdate();
        }
    }

    private void insertCategories(Connection c, EvalRun run) throws SQLException {
        if (run.categories() == null) {
            return;
        }
        String sql = "INSERT INTO eval_category_scores (run_id, category, n, failed, bertscore, rouge_l, judge,"
                + " composite) VALUES (?,?,?,?,?,?,?,?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (CategoryScore cs : run.categories().values()) {
                ps.setString(1, run.runId());
                ps.setString(2, cs.category());
                ps.setInt(3, cs.n());
                ps.setInt(4, cs.failed());
                setDouble(ps, 5, cs.bertscore());
                setDouble(ps, 6, cs.rougeL());
                setDouble(ps, 7, cs.judge());
                setDouble(ps, 8, cs.composite());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertExamples(Connection c, EvalRun run) throws SQLException {
        if (run.examples() == null || run.examples().isEmpty()) {
            return;
        }
        String sql = "INSERT INTO eval_example_scores (run_id, example_id, category, prompt, reference_response,"
                + " response, rouge_l_p, rouge_l_r, rouge_l_f, bertscore_p, bertscore_r, bertscore_f1,"
                + " judge_factual_accuracy, judge_instruction_following, judge_safety, judge_overall,"
                + " judge_rationale, judge_failed, composite, inference_latency_ms, judge_latency_ms, failed,"
                + " failure_stage, failure_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (ExampleResult e : run.examples()) {
                int i = 1;
                ps.setString(i++, run.runId());
                ps.setString(i++, e.id());
                ps.setString(i++, e.category());
                ps.setString(i++, e.prompt());
                ps.setString(i++, e.referenceResponse());
                ps.setString(i++, e.response());
                i = setPrf(ps, i, e.rougeL());
                i = setPrf(ps, i, e.bertscore());
                JudgeVerdict j = e.judge();
                setDouble(ps, i++, j == null ? Double.NaN : j.factualAccuracy());
                setDouble(ps, i++, j == null ? Double.NaN : j.instructionFollowing());
                setDouble(ps, i++, j == null ? Double.NaN : j.safety());
                setDouble(ps, i++, j == null ? Double.NaN : j.overall());
                ps.setString(i++, j == null ? null : j.rationale());
                ps.setBoolean(i++, j != null && j.failed());
                setDouble(ps, i++, e.composite());
                ps.setLong(i++, e.inferenceLatencyMs());
                ps.setLong(i++, e.judgeLatencyMs());
                ps.setBoolean(i++, e.failed());
                ps.setString(i++, e.failureStage());
                ps.setString(i, e.failureReason());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public Optional<EvalRun> findRun(String runId) {
        return inTransaction("read run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM eval_runs WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(readRun(c, rs));
                }
            }
        });
    }

    @Override
    public Optional<EvalRun> latestWithTag(String key, String value) {
        return inTransaction("find latest run tagged " + key + "=" + value, c -> {
            String sql = "SELECT * FROM eval_runs WHERE tags ->> ? = ? AND status = '" + EvalRun.Status.COMPLETED.wire() + "'"
                    + " ORDER BY started_at DESC, created_at DESC LIMIT 1";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, key);
                ps.setString(2, value);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readRun(c, rs)) : Optional.<EvalRun>empty();
                }
            }
        });
    }

    @Override
    public List<RunSummary> recentRuns(int limit) {
        return inTransaction("list runs", c -> {
            String sql = "SELECT run_id, started_at, status, model, dataset_version, overall, tags FROM eval_runs"
                    + " ORDER BY started_at DESC, created_at DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, limit);
                List<RunSummary> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RunSummary(rs.getString("run_id"), rs.getTimestamp("started_at").toInstant(),
                                EvalRun.Status.fromWire(rs.getString("status")), rs.getString("model"),
                                rs.getString("dataset_version"),
                                getDouble(rs, "overall"), fromJson(rs.getString("tags"), TAGS)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Tags {@code runId} env=production and the current production run env=previous-production
     * (an older previous-production becomes retired-production), all in one transaction.
     */
    public void promote(String runId) {
        inTransaction("promote run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT status FROM eval_runs WHERE run_id = ? FOR UPDATE")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new NoSuchRunException(runId);
                    }
                }
            }
            retag(c, PREVIOUS_PRODUCTION, RETIRED_PRODUCTION, runId);
            retag(c, PRODUCTION, PREVIOUS_PRODUCTION, runId);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE eval_runs SET tags = jsonb_set(tags, '{env}', to_jsonb(?::text)) WHERE run_id = ?")) {
                ps.setString(1, PRODUCTION);
                ps.setString(2, runId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static void retag(Connection c, String from, String to, String exceptRunId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE eval_runs SET tags = jsonb_set(tags, '{env}',"
                + " to_jsonb(?::text)) WHERE tags ->> 'env' = ? AND run_id <> ?")) {
            ps.setString(1, to);
            ps.setString(2, from);
            ps.setString(3, exceptRunId);
            ps.executeUpdate();
        }
    }

    private EvalRun readRun(Connection c, ResultSet rs) throws SQLException {
        String runId = rs.getString("run_id");
        Timestamp finished = rs.getTimestamp("finished_at");
        int pr = rs.getInt("pr_number");
        Integer prNumber = rs.wasNull() ? null : pr;
        return new EvalRun(runId, rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(), EvalRun.Status.fromWire(rs.getString("status")), rs.getString("git_sha"),
                prNumber, rs.getString("model"), rs.getString("judge_model"),
                rs.getString("prompt_template_version"), rs.getString("system_prompt_hash"),
                rs.getString("dataset_version"), rs.getString("config_hash"), fromJson(rs.getString("tags"), TAGS),
                getDouble(rs, "overall"), readCategories(c, runId), readExamples(c, runId),
                fromJson(rs.getString("usage"), USAGE), rs.getInt("judge_failures"),
                fromJson(rs.getString("params"), TAGS));
    }

    private static Map<String, CategoryScore> readCategories(Connection c, String runId) throws SQLException {
        Map<String, CategoryScore> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM eval_category_scores WHERE run_id = ? ORDER BY category")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CategoryScore cs = new CategoryScore(rs.getString("category"), rs.getInt("n"),
                            rs.getInt("failed"), getDouble(rs, "bertscore"), getDouble(rs, "rouge_l"),
                            getDouble(rs, "judge"), getDouble(rs, "composite"));
                    out.put(cs.category(), cs);
                }
            }
        }
        return out;
    }

    private static List<ExampleResult> readExamples(Connection c, String runId) throws SQLException {
        List<ExampleResult> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM eval_example_scores WHERE run_id = ? ORDER BY example_id")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(readExample(rs));
                }
            }
        }
        return out;
    }

    private static ExampleResult readExample(ResultSet rs) throws SQLException {
        boolean judgeFailed = rs.getBoolean("judge_failed");
        double judgeOverall = getDouble(rs, "judge_overall");
        JudgeVerdict judge = null;
        if (judgeFailed) {
            judge = JudgeVerdict.failure(rs.getString("failure_reason"), null, 0, rs.getLong("judge_latency_ms"));
        } else if (!Double.isNaN(judgeOverall)) {
            judge = new JudgeVerdict(getDouble(rs, "judge_factual_accuracy"),
                    getDouble(rs, "judge_instruction_following"), getDouble(rs, "judge_safety"), judgeOverall,
                    rs.getString("judge_rationale"), 1, rs.getLong("judge_latency_ms"), false, null, null);
        }
        return new ExampleResult(rs.getString("example_id"), rs.getString("category"), rs.getString("prompt"),
                rs.getString("reference_response"), rs.getString("response"),
                readPrf(rs, "rouge_l_p", "rouge_l_r", "rouge_l_f"),
                readPrf(rs, "bertscore_p", "bertscore_r", "bertscore_f1"), judge, getDouble(rs, "composite"),
                rs.getLong("inference_latency_ms"), rs.getLong("judge_latency_ms"), rs.getBoolean("failed"),
                rs.getString("failure_stage"), rs.getString("failure_reason"));
    }

    private static Prf readPrf(ResultSet rs, String p, String r, String f) throws SQLException {
        double f1 = getDouble(rs, f);
        return Double.isNaN(f1) ? null : new Prf(getDouble(rs, p), getDouble(rs, r), f1);
    }

    private static int setPrf(PreparedStatement ps, int i, Prf prf) throws SQLException {
        setDouble(ps, i, prf == null ? Double.NaN : prf.precision());
        setDouble(ps, i + 1, prf == null ? Double.NaN : prf.recall());
        setDouble(ps, i + 2, prf == null ? Double.NaN : prf.f1());
        return i + 3;
    }

    /** NaN (a score that does not exist) is stored as NULL. */
    private static void setDouble(PreparedStatement ps, int i, double v) throws SQLException {
        if (Double.isNaN(v)) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static double getDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static String toJson(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T fromJson(String json, TypeReference<T> type) {
        try {
            return json == null ? null : Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column: " + e.getOriginalMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(String what, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("run store: cannot " + what, e);
        }
    }
}
