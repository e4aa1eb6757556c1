package dev.driftgate.flink.shadow;

import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point for {@code flink run -c dev.driftgate.flink.shadow.ShadowJobMain driftgate-flink-jobs.jar}:
 * {@code --config DIR --bootstrap-servers HOST:PORT --jdbc-url URL [--jdbc-user U] [--group-id G]
 * [--components CLASS] [--bertscore true|false]}. The password comes from DRIFTGATE_DB_PASSWORD, the
 * webhook from SLACK_WEBHOOK_URL.
 */
public final class ShadowJobMain {
    private ShadowJobMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        DriftgateConfig config = new ConfigLoader().load(Path.of(a.getOrDefault("config", "config")));
        ShadowDeployment deployment = new ShadowDeployment(
                require(a, "bootstrap-servers", System.getenv("DRIFTGATE_KAFKA_BOOTSTRAP")),
                a.getOrDefault("group-id", "driftgate-shadow-scoring"),
                require(a, "jdbc-url", System.getenv("DRIFTGATE_DB_URL")),
                a.getOrDefault("jdbc-user", System.getenv("DRIFTGATE_DB_USER")),
                System.getenv("DRIFTGATE_DB_PASSWORD"),
                a.get("components"));
        ShadowJobOptions options = ShadowJobOptions.from(config.shadow(), System.getenv("SLACK_WEBHOOK_URL"))
                .withBertScore(bool(a, "bertscore", true));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        deployment.job(config.shadow(), options).build(env);
        env.execute("driftgate-shadow-scoring");
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }

    static boolean bool(Map<String, String> a, String key, boolean fallback) {
        String v = a.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("--" + key + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static String require(Map<String, String> a, String key, String fallback) {
        String v = a.getOrDefault(key, fallback);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }
}
