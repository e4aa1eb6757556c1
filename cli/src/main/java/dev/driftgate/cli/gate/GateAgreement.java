package dev.driftgate.cli.gate;

import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.store.AgreementStore;
import dev.driftgate.core.store.Database;
import dev.driftgate.gate.noise.AgreementSection;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;

/**
 * The scorecard's judge-agreement section: the last kappa {@code driftgate judge agreement} stored for
 * the judge model and rubric version the run was scored with. Best effort, like the trend chart: a store
 * that is absent or cannot be read gives the "not measured" line, never a different verdict.
 */
final class GateAgreement {
    private GateAgreement() {
    }

    static String section(Environment env, StoreOption store, DriftgateConfig config, EvalRun current,
                          PrintWriter stderr) {
        String judge = current.judgeModel() != null ? current.judgeModel() : config.scorer().judge().model();
        String rubric = current.params().getOrDefault("rubric.version",
                config.scorer().judge().rubricTemplateVersion());
        if (!store.exists(env)) {
            return AgreementSection.render(judge, rubric, List.of(), "no run store");
        }
        try (Database db = store.open(env)) {
            return AgreementSection.render(judge, rubric, new AgreementStore(db.dataSource()).latest(judge, rubric), null);
        } catch (RuntimeException | SQLException e) {
            String why = StoreOption.describeFailure(e, env);
            stderr.println("driftgate gate: warning: no judge agreement for the scorecard: " + why
                    + " (the verdict is unchanged)");
            return AgreementSection.render(judge, rubric, List.of(), "run store unreadable");
        }
    }
}
