package dev.driftgate.flink.eval;

import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.core.store.Database;
import dev.driftgate.core.store.DatabaseTarget;
import dev.driftgate.core.store.JdbcRunStore;
import dev.driftgate.flink.JobArgs;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.RuntimeExecutionMode;

/**
 * Entry point for {@code flink run -c dev.driftgate.flink.eval.EvalJobMain driftgate-flink-job.jar}:
 * the bounded evaluation on a cluster, with no CLI code in the job jar.
 * {@code --dataset FILE --config DIR --output DIR [--model M] [--limit N] [--concurrency N]
 * [--parallelism N] [--pr N] [--jdbc-url URL] [--jdbc-user U]}. Writes {@code OUTPUT/scores.json};
 * with a database (--jdbc-url or DRIFTGATE_DB_URL) also records the run. API keys and the cache
 * password are read on the task managers; the client reads DRIFTGATE_DB_PASSWORD only to record the
 * run. Exit code as {@code driftgate eval}: 0 completed, 2 too many failures, 130 aborted.
 */
public final class EvalJobMain {
    private EvalJobMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(JobArgs.parse(args, Environment.system())));
    }

    static int run(JobArgs a) throws Exception {
        Path configDir = Path.of(a.get("config", "config"));
        DriftgateConfig config = new ConfigLoader().load(configDir);
        EvalRunner.Request request = new EvalRunner.Request(configDir, config, Path.of(a.require("dataset")),
                a.get("model").orElse(null), Map.of(), integer(a, "concurrency"), integer(a, "limit"),
                Path.of(a.get("output", "scores_output")), Map.of(), integer(a, "pr"), RuntimeExecutionMode.BATCH,
                Optional.ofNullable(integer(a, "parallelism")).orElse(1));
        Environment env = a.environment();
        Optional<String> url = a.orEnv("jdbc-url", Environment.DB_URL);
        try (Database db = url.map(u -> Database.connect(DatabaseTarget.external(u,
                a.orEnv("jdbc-user", Environment.DB_USER), env.get(Environment.DB_PASSWORD)))).orElse(null)) {
            EvalRunner runner = new EvalRunner(db == null ? null : new JdbcRunStore(db.dataSource()),
                    Clock.systemUTC(), env.asMap());
            EvalRun run = runner.run(request, EvalRunner.Parts.real(config, configDir, Map.of(), null),
                    new EvalRunner.Listener() { });
            System.out.printf("run %s: %s; %s written%n", run.runId(), run.status(),
                    request.outDir().resolve(ScoresFile.NAME));
            return switch (run.status()) {
                case COMPLETED -> 0;
                case TOO_MANY_FAILURES -> 2;
                case ABORTED -> 130;
            };
        }
    }

    private static Integer integer(JobArgs a, String key) {
        return a.get(key).map(v -> {
            try {
                return Integer.valueOf(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + " must be a whole number, got '" + v + "'");
            }
        }).orElse(null);
    }
}
