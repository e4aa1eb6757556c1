package dev.driftgate.cli.shadow;

import dev.driftgate.cli.ConfigDirOption;
import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StateDirOption;
import dev.driftgate.cli.cluster.ClusterJobs;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.Environment;
import dev.driftgate.flink.shadow.LlmScoringComponents;
import dev.driftgate.flink.shadow.ScoringComponents;
import dev.driftgate.flink.shadow.JobWatch;
import dev.driftgate.flink.shadow.ShadowDeployment;
import dev.driftgate.flink.shadow.ShadowJobOptions;
import dev.driftgate.flink.shadow.ShadowScoringJob;
import dev.driftgate.core.sampling.PromptSampler;
import dev.driftgate.core.store.Database;
import dev.driftgate.local.db.EmbeddedDatabase;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.local.traffic.ShadowTrafficGenerator;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate stream [--local]}: runs the shadow-scoring job on a local Flink MiniCluster.
 * With {@code --local} it also starts a Kafka broker, an embedded PostgreSQL (data in
 * {@code <state-dir>/pgdata}, the same store {@code shadow report} reads), the LLM simulator and a
 * traffic generator.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Run the streaming shadow-scoring job on a local MiniCluster (Ctrl-C stops it).")
public final class StreamCommand extends EnvironmentAware implements Callable<Integer> {
    @Option(names = "--local", description = "Also start a Kafka broker, an embedded PostgreSQL and a traffic generator.")
    boolean local;

    @Mixin
    ConfigDirOption.WithLegacyAlias configDir = new ConfigDirOption.WithLegacyAlias();

    @Option(names = "--bootstrap-servers", description = "Kafka (default: env DRIFTGATE_KAFKA_BOOTSTRAP).")
    String bootstrapServers;

    @Option(names = "--jdbc-url", description = "PostgreSQL JDBC URL (default: env DRIFTGATE_DB_URL).")
    String jdbcUrl;

    @Option(names = "--group-id", defaultValue = "driftgate-shadow-scoring", description = "Kafka consumer group.")
    String groupId;

    @Option(names = "--components", description = "ScoringComponents class (default "
            + ShadowDeployment.DEFAULT_COMPONENTS + ").")
    String components;

    @Option(names = "--bertscore", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Agreement BERTScore between the candidate's and production's answers (default on;"
                    + " --no-bertscore above ~25-35 sampled events/s per core pair: ROUGE-L only, bertscore NULL).")
    boolean bertscore;

    @Option(names = "--rate", defaultValue = "5", description = "--local only: generated events per second.")
    double rate;

    /** --local only: where the broker and PostgreSQL keep their data. */
    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Option(names = "--for", description = "Stop after this long (e.g. PT2M); default: run until interrupted.")
    Duration runFor;

    @Option(names = "--cluster", paramLabel = "HOST:PORT", description = "Submit the job jar (detached) to this "
            + "Flink cluster's JobManager REST address with Flink's client instead of a local MiniCluster.")
    String cluster;

    @Option(names = "--job-jar", paramLabel = "FILE", description = "--cluster only: the job jar (default: "
            + "flink-jobs/target/driftgate-flink-job.jar).")
    Path jobJar;

    @Option(names = "--parallelism", paramLabel = "N", description = "--cluster only: job parallelism.")
    Integer parallelism;

    @Option(names = "--from-savepoint", paramLabel = "PATH", description = "--cluster only: restore from this "
            + "savepoint (flink run -s).")
    String fromSavepoint;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path config = configDir.dir();
        DriftgateConfig cfg = new ConfigLoader().load(config);
        if (cluster != null) {
            return onCluster(out, config);
        }
        if (parallelism != null || fromSavepoint != null || jobJar != null) {
            spec.commandLine().getErr().println("driftgate: --parallelism, --from-savepoint and --job-jar need --cluster");
            return ExitCodes.INVALID_OR_BLOCKED;
        }
        Path state = stateDir.resolve(environment());
        LocalKafkaBroker broker = null;
        Database pg = null;
        LlmSimulator sim = null;
        ScoringComponents scoring = null;
        Thread generator = null;
        try {
            String kafka = bootstrapServers != null ? bootstrapServers
                    : environment().get(Environment.KAFKA_BOOTSTRAP).orElse(null);
            String url = jdbcUrl != null ? jdbcUrl : environment().get(Environment.DB_URL).orElse(null);
            if (local) {
                Files.createDirectories(state);
                broker = LocalKafkaBroker.startIn(state.resolve("kafka"));
                broker.createTopics(1, Duration.ofDays(cfg.shadow().retention().shadowDays()),
                        cfg.shadow().kafka().requestsTopic(), cfg.shadow().kafka().dlqTopic());
                kafka = broker.bootstrapServers();
                pg = Database.connect(EmbeddedDatabase.start(state));
                url = pg.jdbcUrl();
                Path baseDir = config.toAbsolutePath().getParent();
                sim = LlmSimulator.fromConfig(config.resolve("simulator.yaml"), baseDir).start(0);
                if (components == null) {
                    scoring = new LlmScoringComponents(config.toString(), Map.of(Environment.OPENAI_BASE_URL, sim.baseUrl()));
                }
                out.println("local Kafka at " + kafka + ", LLM simulator at " + sim.baseUrl());
                out.println("PostgreSQL: DRIFTGATE_DB_URL='" + url + "' (while this runs)");
            }
            if (kafka == null || url == null) {
                spec.commandLine().getErr().println("driftgate: pass --local, or --bootstrap-servers and --jdbc-url"
                        + " (or " + Environment.KAFKA_BOOTSTRAP + " and " + Environment.DB_URL + ")");
                return ExitCodes.INVALID_OR_BLOCKED;
            }
            ShadowDeployment deployment = new ShadowDeployment(kafka, groupId, url,
                    local ? "postgres" : environment().get(Environment.DB_USER).orElse(null),
                    local ? null : Environment.DB_PASSWORD, components);
            ShadowJobOptions options = ShadowJobOptions.from(cfg).withBertScore(bertscore);
            ShadowScoringJob job = scoring != null ? deployment.job(cfg.shadow(), options, scoring)
                    : deployment.job(cfg.shadow(), options);
            JobClient client = job.executeAsync(StreamExecutionEnvironment.getExecutionEnvironment());
            out.println("shadow-scoring job " + client.getJobID() + " running; reading "
                    + cfg.shadow().kafka().requestsTopic());
            out.flush();
            if (local) {
                String bootstrap = kafka;
                // the local traffic carries the gateway's keyed hash at the configured rate, so load
                // shedding keeps the share it means to keep (shadow_pct 0 still gets traffic locally)
                PromptSampler sampler = new PromptSampler("driftgate-local-traffic".getBytes(StandardCharsets.UTF_8),
                        cfg.shadow().shadowPct() > 0 ? cfg.shadow().shadowPct() : 100);
                generator = new Thread(() -> {
                    try (ShadowTrafficGenerator g = new ShadowTrafficGenerator(bootstrap,
                            cfg.shadow().kafka().requestsTopic(), cfg.shadow().productionModel(),
                            cfg.shadow().candidateModel(), sampler)) {
                        g.run(rate, Long.MAX_VALUE, "");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "shadow-traffic");
                generator.setDaemon(true);
                generator.start();
            }
            try {
                if (runFor != null) {
                    // a job that failed or restarted from its checkpoint must not end in a normal summary
                    JobWatch.Report health = JobWatch.watch(client, runFor, Duration.ofMillis(250));
                    if (!health.status().isGloballyTerminalState()) {
                        client.cancel().get();
                    }
                    if (pg != null) {
                        out.println(summary(pg));
                    }
                    if (!health.healthy()) {
                        spec.commandLine().getErr().println("driftgate: the shadow-scoring job " + health.describe()
                                + "; see the log for the cause");
                        return ExitCodes.UNDECIDED;
                    }
                } else {
                    client.getJobExecutionResult().get();
                }
            } catch (InterruptedException e) {
                client.cancel();
                return ExitCodes.INTERRUPTED;
            }
            return ExitCodes.OK;
        } finally {
            if (generator != null) {
                generator.interrupt();
            }
            if (sim != null) {
                sim.close();
            }
            if (pg != null) {
                pg.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** ShadowJobMain through Flink's client, detached; with --for, watched and then cancelled. */
    private int onCluster(PrintWriter out, Path config) throws Exception {
        String kafka = bootstrapServers != null ? bootstrapServers
                : environment().get(Environment.KAFKA_BOOTSTRAP).orElse(null);
        String url = jdbcUrl != null ? jdbcUrl : environment().get(Environment.DB_URL).orElse(null);
        if (local || kafka == null || url == null) {
            spec.commandLine().getErr().println("driftgate: --cluster needs --bootstrap-servers and --jdbc-url (or "
                    + Environment.KAFKA_BOOTSTRAP + " and " + Environment.DB_URL + "), and not --local");
            return ExitCodes.INVALID_OR_BLOCKED;
        }
        if (parallelism != null && parallelism < 1) {
            spec.commandLine().getErr().println("driftgate: --parallelism must be >= 1, got " + parallelism);
            return ExitCodes.INVALID_OR_BLOCKED;
        }
        java.util.List<String> args = ClusterJobs.jobArgs("config", config.toAbsolutePath(), "bootstrap-servers", kafka,
                "jdbc-url", url, "jdbc-user", environment().get(Environment.DB_USER).orElse(null), "group-id", groupId,
                "components", components, "bertscore", bertscore);
        Path work = stateDir.resolve(environment()).resolve("flink-client");
        Files.createDirectories(work);
        String jobId = ClusterJobs.submitStream(cluster, jobJar != null ? jobJar : ClusterJobs.DEFAULT_JOB_JAR, config,
                args, parallelism, fromSavepoint, work);
        out.println("shadow-scoring job " + jobId + " submitted to " + cluster + "; stop it with a savepoint: "
                + "flink stop -m " + cluster + " --savepointPath DIR " + jobId);
        out.flush();
        return runFor == null ? ExitCodes.OK
                : ClusterJobs.watchThenCancel(cluster, jobId, runFor, work, spec.commandLine().getErr());
    }

    private static String summary(Database pg) throws Exception {
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM shadow_evals), (SELECT count(*) FROM"
                     + " drift_windows), (SELECT count(*) FROM alerts WHERE source = 'shadow')")) {
            rs.next();
            return "shadow_evals: " + rs.getLong(1) + " rows, drift_windows: " + rs.getLong(2) + " rows, alerts: "
                    + rs.getLong(3) + " rows";
        }
    }
}
