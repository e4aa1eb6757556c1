package dev.driftgate.cli.gate;

import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.gate.trend.OverallHistory;
import dev.driftgate.gate.trend.ScoreTrend;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;

/**
 * The production runs the scorecard's trend chart shows: the last {@link #LAST_RUNS} production-history
 * runs from the run store when there is one, else only the baseline. Best effort, like recording the
 * decision: a store that cannot be read costs the chart its history, never the verdict.
 */
final class GateTrend {
    static final int LAST_RUNS = 10;

    private GateTrend() {
    }

    static ScoreTrend read(Environment env, StoreOption store, List<String> historyTags, EvalRun baseline,
                           EvalRun current, PrintWriter stderr) {
        if (!store.exists(env)) {
            return ScoreTrend.fromFiles(baseline, current);
        }
        try (StoreOption.Opened opened = store.openRunStore(env)) {
            List<ScoreTrend.Point> history = new OverallHistory(opened.dataSource(), historyTags).lastRuns(LAST_RUNS);
            return ScoreTrend.fromHistory(history, baseline, current, "the run store's last production-history runs, "
                    + "tagged " + String.join(" or ", historyTags));
        } catch (RuntimeException | SQLException e) {
            stderr.println("driftgate gate: warning: no score history for the trend chart: "
                    + StoreOption.describeFailure(e, env) + " (the verdict is unchanged)");
            return ScoreTrend.fromFiles(baseline, current);
        }
    }
}
