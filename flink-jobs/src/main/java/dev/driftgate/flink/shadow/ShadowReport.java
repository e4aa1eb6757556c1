package dev.driftgate.flink.shadow;

import dev.driftgate.core.config.ShadowConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The shadow report over shadow_evals: per category n, mean delta with a 95% confidence interval,
 * win/tie/loss and the judge failure rate, and the promotion decision from shadow_config.yaml
 * promotion.* with its reason ({@link PromotionRule}, which the decision harness also drives). Plain
 * JDBC, no Flink.
 *
 * <p>The CI is the normal approximation mean ± 1.96·s/√n: promotion needs min_samples (200 by
 * default), where the t quantile differs from 1.96 by under 1%. A win/loss needs |delta| above
 * {@link #TIE_BAND}; judge failures count in n and the failure rate but not in the mean.
 */
public final class ShadowReport {
    /** Deltas within ±0.01 (one point on a 0-100 rubric) are ties. */
    public static final double TIE_BAND = 0.01;

    public enum Decision { PROMOTE, BLOCK, UNDECIDED }

    public record CategoryLine(String category, long n, long scored, double meanDelta, double ciLow, double ciHigh,
                               long wins, long ties, long losses, double judgeFailureRate, Decision decision,
                               String reason) {
    }

    public record Report(String shadowModel, Instant since, List<CategoryLine> categories, Decision decision,
                         String reason) {
    }

    private static final String SQL = """
            SELECT category,
                   count(*) AS n,
                   count(delta) AS scored,
                   avg(delta) AS mean_delta,
                   stddev_samp(delta) AS sd_delta,
                   count(*) FILTER (WHERE delta > ?) AS wins,
                   count(*) FILTER (WHERE abs(delta) <= ?) AS ties,
                   count(*) FILTER (WHERE delta < -?) AS losses,
                   count(*) FILTER (WHERE judge_failed) AS judge_failures
            FROM shadow_evals
            WHERE shadow_model = ? AND ts >= ?
            GROUP BY category
            ORDER BY category
            """;

    private final DataSource dataSource;
    private final ShadowConfig.Promotion promotion;

    public ShadowReport(DataSource dataSource, ShadowConfig.Promotion promotion) {
        this.dataSource = dataSource;
        this.promotion = promotion;
    }

    public Report build(String shadowModel, Instant since) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setDouble(1, TIE_BAND);
            ps.setDouble(2, TIE_BAND);
            ps.setDouble(3, TIE_BAND);
            ps.setString(4, shadowModel);
            ps.setTimestamp(5, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        // Bonferroni over the categories the report covers: each gets alpha / k
        List<CategoryLine> lines = rows.stream().map(r -> line(r, rows.size())).toList();
        return decide(shadowModel, since, lines);
    }

    /** A category's aggregates from SQL, before the rule has spoken. */
    private record Row(String category, long n, long scored, double mean, double sd, long wins, long ties,
                       long losses, long judgeFailures) {
    }

    private Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("category"), rs.getLong("n"), rs.getLong("scored"),
                nullable(rs.getDouble("mean_delta"), rs.wasNull()), nullable(rs.getDouble("sd_delta"), rs.wasNull()),
                rs.getLong("wins"), rs.getLong("ties"), rs.getLong("losses"), rs.getLong("judge_failures"));
    }

    private CategoryLine line(Row r, int categories) {
        PromotionRule.Outcome o = new PromotionRule(promotion).decide(r.scored(), r.mean(), r.sd(), categories);
        return new CategoryLine(r.category(), r.n(), r.scored(), r.mean(), o.low(), o.high(), r.wins(), r.ties(),
                r.losses(), r.n() == 0 ? 0 : (double) r.judgeFailures() / r.n(), o.decision(), o.reason());
    }

    /** Combines the categories: any BLOCK blocks, then any UNDECIDED leaves it undecided. */
    public static Report decide(String model, Instant since, List<CategoryLine> lines) {
        if (lines.isEmpty()) {
            return new Report(model, since, lines, Decision.UNDECIDED, "no shadow evals for " + model + " since " + since);
        }
        List<String> blocked = lines.stream().filter(l -> l.decision() == Decision.BLOCK)
                .map(l -> l.category() + ": " + l.reason()).toList();
        if (!blocked.isEmpty()) {
            return new Report(model, since, lines, Decision.BLOCK, "blocked by " + String.join("; ", blocked));
        }
        List<String> short_ = lines.stream().filter(l -> l.decision() == Decision.UNDECIDED)
                .map(l -> l.category() + ": " + l.reason()).toList();
        if (!short_.isEmpty()) {
            return new Report(model, since, lines, Decision.UNDECIDED, "not enough data: " + String.join("; ", short_));
        }
        return new Report(model, since, lines, Decision.PROMOTE, "every category clears the promotion criteria");
    }

    /** A plain-text table for the terminal. */
    public static String render(Report r) {
        StringBuilder b = new StringBuilder();
        b.append("Shadow report for ").append(r.shadowModel()).append(" since ").append(r.since()).append('\n');
        b.append(String.format(Locale.ROOT, "%-24s %6s %6s %9s %21s %13s %8s  %s%n", "category", "n", "scored",
                "mean Δ", "95% CI", "win/tie/loss", "judge✗", "decision"));
        for (CategoryLine l : r.categories()) {
            b.append(String.format(Locale.ROOT, "%-24s %6d %6d %+9.4f [%+8.4f, %+8.4f] %13s %7.1f%%  %s (%s)%n",
                    l.category(), l.n(), l.scored(), l.meanDelta(), l.ciLow(), l.ciHigh(),
                    l.wins() + "/" + l.ties() + "/" + l.losses(), 100 * l.judgeFailureRate(), l.decision(),
                    l.reason()));
        }
        b.append("Decision: ").append(r.decision()).append(" - ").append(r.reason()).append('\n');
        return b.toString();
    }

    private static double nullable(double v, boolean wasNull) {
        return wasNull ? Double.NaN : v;
    }
}
