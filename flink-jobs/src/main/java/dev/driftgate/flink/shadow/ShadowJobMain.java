package dev.driftgate.flink.shadow;

import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.Environment;
import dev.driftgate.flink.JobArgs;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point for {@code flink run -c dev.driftgate.flink.shadow.ShadowJobMain driftgate-flink-job.jar}:
 * {@code --config DIR --bootstrap-servers HOST:PORT --jdbc-url URL [--jdbc-user U] [--group-id G]
 * [--components CLASS] [--bertscore true|false]}. Endpoints fall back to DRIFTGATE_KAFKA_BOOTSTRAP,
 * DRIFTGATE_DB_URL and DRIFTGATE_DB_USER. Secrets are read on the task managers, never here: the
 * password from DRIFTGATE_DB_PASSWORD, the webhook from SLACK_WEBHOOK_URL, API keys as usual.
 */
public final class ShadowJobMain {
    private ShadowJobMain() {
    }

    public static void main(String[] args) throws Exception {
        JobArgs a = JobArgs.parse(args, Environment.system());
        DriftgateConfig config = new ConfigLoader().load(Path.of(a.get("config", "config")));
        ShadowDeployment deployment = new ShadowDeployment(
                a.require("bootstrap-servers", Environment.KAFKA_BOOTSTRAP),
                a.get("group-id", "driftgate-shadow-scoring"),
                a.require("jdbc-url", Environment.DB_URL),
                a.orEnv("jdbc-user", Environment.DB_USER).orElse(null),
                Environment.DB_PASSWORD,
                a.get("components").orElse(null));
        ShadowJobOptions options = ShadowJobOptions.from(config).withBertScore(a.bool("bertscore", true));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        deployment.job(config.shadow(), options).build(env);
        env.execute("driftgate-shadow-scoring");
    }
}
