package dev.driftgate.cli;

import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.local.LocalKafkaBroker;
import dev.driftgate.core.store.Migrations;
import dev.driftgate.flink.shadow.ShadowDeployment;
import dev.driftgate.flink.shadow.ShadowJobOptions;
import dev.driftgate.flink.shadow.ShadowScoringJob;
import dev.driftgate.flink.shadow.ShadowTrafficGenerator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code driftgate stream [--local]}: runs the shadow-scoring job on a local Flink MiniCluster.
 * With {@code --local} it also starts a Kafka broker, an embedded PostgreSQL and a traffic generator.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Run the streaming shadow-scoring job on a local MiniCluster (Ctrl-C stops it).")
public final class StreamCommand implements Callable<Integer> {
    @Option(names = "--local", description = "Also start a Kafka broker, an embedded PostgreSQL and a traffic generator.")
    boolean local;

    @Option(names = "--config", defaultValue = "config", description = "Config directory (default ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--bootstrap-servers", description = "Kafka (default: env DRIFTGATE_KAFKA_BOOTSTRAP).")
    String bootstrapServers;

    @Option(names = "--jdbc-url", description = "PostgreSQL JDBC URL (default: env DRIFTGATE_DB_URL).")
    String jdbcUrl;

    @Option(names = "--group-id", defaultValue = "driftgate-shadow-scoring", description = "Kafka consumer group.")
    String groupId;

    @Option(names = "--components", description = "ScoringComponents class (default "
            + ShadowDeployment.DEFAULT_COMPONENTS + ").")
    String components;

    @Option(names = "--rate", defaultValue = "5", description = "--local only: generated events per second.")
    double rate;

    @Option(names = "--for", description = "Stop after this long (e.g. PT2M); default: run until interrupted.")
    Duration runFor;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DriftgateConfig cfg = new ConfigLoader().load(config);
        Path state = Path.of(".driftgate");
        LocalKafkaBroker broker = null;
        EmbeddedPostgres pg = null;
        Thread generator = null;
        try {
            String kafka = bootstrapServers != null ? bootstrapServers : System.getenv("DRIFTGATE_KAFKA_BOOTSTRAP");
            String url = jdbcUrl != null ? jdbcUrl : System.getenv("DRIFTGATE_DB_URL");
            if (local) {
                Files.createDirectories(state);
                broker = LocalKafkaBroker.startIn(state.resolve("kafka"));
                broker.createTopics(1, cfg.shadow().kafka().requestsTopic(), cfg.shadow().kafka().dlqTopic());
                kafka = broker.bootstrapServers();
                pg = EmbeddedPostgres.builder().start();
                Migrations.apply(pg.getPostgresDatabase());
                url = pg.getJdbcUrl("postgres", "postgres");
                out.println("local Kafka at " + kafka + ", PostgreSQL at " + url);
            }
            if (kafka == null || url == null) {
                spec.commandLine().getErr().println("driftgate: pass --local, or --bootstrap-servers and --jdbc-url"
                        + " (or DRIFTGATE_KAFKA_BOOTSTRAP and DRIFTGATE_DB_URL)");
                return ExitCodes.INVALID_OR_BLOCKED;
            }
            ShadowDeployment deployment = new ShadowDeployment(kafka, groupId, url,
                    local ? "postgres" : System.getenv("DRIFTGATE_DB_USER"),
                    local ? null : System.getenv("DRIFTGATE_DB_PASSWORD"), components);
            ShadowScoringJob job = deployment.job(cfg.shadow(),
                    ShadowJobOptions.from(cfg.shadow(), System.getenv("SLACK_WEBHOOK_URL")));
            JobClient client = job.executeAsync(StreamExecutionEnvironment.getExecutionEnvironment());
            out.println("shadow-scoring job " + client.getJobID() + " running; reading "
                    + cfg.shadow().kafka().requestsTopic());
            out.flush();
            if (local) {
                String bootstrap = kafka;
                generator = new Thread(() -> {
                    try (ShadowTrafficGenerator g = new ShadowTrafficGenerator(bootstrap,
                            cfg.shadow().kafka().requestsTopic(), cfg.shadow().productionModel(),
                            cfg.shadow().candidateModel())) {
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
                    Thread.sleep(runFor.toMillis());
                    client.cancel().get();
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
            if (pg != null) {
                pg.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }
}
