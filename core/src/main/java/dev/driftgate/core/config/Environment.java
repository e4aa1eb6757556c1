package dev.driftgate.core.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The process environment, read in one place so tests can hand in a map: every variable driftgate
 * reads is named here, and this is the only class that calls {@code System.getenv}. Environment
 * variables override secrets and endpoints only (database, API keys, Kafka, webhooks); everything
 * else lives in config/*.yaml. A variable set to an empty or blank string counts as unset, so copying
 * .env.example unchanged does not switch anything on.
 *
 * <p>Secrets ({@link #DB_PASSWORD}, the API keys, {@link #SLACK_WEBHOOK_URL}, {@link #GITHUB_TOKEN})
 * are read where they are used; Flink jobs carry only their names and read them on the task manager.
 */
public final class Environment {
    /** Where local state lives (embedded PostgreSQL data, broker data, logs); default ./.driftgate. */
    public static final String HOME = "DRIFTGATE_HOME";
    /** The config directory on a Flink task manager (the client passes --config-dir). */
    public static final String CONFIG_DIR = "DRIFTGATE_CONFIG_DIR";
    /** An external PostgreSQL; without it commands use the embedded one under {@link #HOME}. */
    public static final String DB_URL = "DRIFTGATE_DB_URL";
    public static final String DB_USER = "DRIFTGATE_DB_USER";
    /** Secret. */
    public static final String DB_PASSWORD = "DRIFTGATE_DB_PASSWORD";
    /** Overrides config/model_version.yaml current_model for eval (the workflow's vars.DRIFTGATE_MODEL). */
    public static final String MODEL = "DRIFTGATE_MODEL";
    /** Overrides the judge model of config/scorer_config.yaml (the workflow's vars.DRIFTGATE_JUDGE_MODEL). */
    public static final String JUDGE_MODEL = "DRIFTGATE_JUDGE_MODEL";
    public static final String KAFKA_BOOTSTRAP = "DRIFTGATE_KAFKA_BOOTSTRAP";
    /** Secret: {@code kid:base64key,...}, the AES-256 keys that wrap shadow payloads (gateway, task managers). */
    public static final String PAYLOAD_KEYS = "DRIFTGATE_PAYLOAD_KEYS";
    /** The key id new shadow payloads are sealed with (optional with a single key). */
    public static final String PAYLOAD_KEY_ID = "DRIFTGATE_PAYLOAD_KEY_ID";
    /** Where BERTScore's MiniLM model files are unpacked. */
    public static final String MODEL_CACHE = "DRIFTGATE_MODEL_CACHE";
    /** The gateway's upstream model endpoint. */
    public static final String MODEL_BASE_URL = "DRIFTGATE_MODEL_BASE_URL";
    public static final String GATEWAY_HOST = "DRIFTGATE_GATEWAY_HOST";
    public static final String GATEWAY_PORT = "DRIFTGATE_GATEWAY_PORT";
    /** The gateway's OTLP/gRPC receiver port (default 4317) and its switch ({@code false} turns it off). */
    public static final String GATEWAY_OTLP_GRPC_PORT = "DRIFTGATE_GATEWAY_OTLP_GRPC_PORT";
    public static final String GATEWAY_OTLP_GRPC_ENABLED = "DRIFTGATE_GATEWAY_OTLP_GRPC_ENABLED";
    /** Secret: the API keys the gateway accepts. */
    public static final String GATEWAY_API_KEYS = "DRIFTGATE_GATEWAY_API_KEYS";
    public static final String GATEWAY_SHADOW_PCT = "DRIFTGATE_GATEWAY_SHADOW_PCT";
    /** JVM options of the gateway child process started by {@code driftgate gateway}. */
    public static final String GATEWAY_JAVA_OPTS = "DRIFTGATE_GATEWAY_JAVA_OPTS";
    public static final String RATE_LIMIT_OPENAI = "DRIFTGATE_RATE_LIMIT_OPENAI";
    public static final String RATE_LIMIT_ANTHROPIC = "DRIFTGATE_RATE_LIMIT_ANTHROPIC";
    public static final String RATE_LIMIT_OLLAMA = "DRIFTGATE_RATE_LIMIT_OLLAMA";
    /**
     * "true": the provider rate limits are one limit for every client using {@link #DB_URL} (the
     * rate_limit_buckets table), so they hold at any Flink parallelism; otherwise per client.
     */
    public static final String SHARED_RATE_LIMITS = "DRIFTGATE_SHARED_RATE_LIMITS";
    /** In-flight budget per provider endpoint, "max_in_flight,max_wait_ms" (default 64,1000). */
    public static final String BULKHEAD = "DRIFTGATE_BULKHEAD";
    public static final String OPENAI_BASE_URL = "OPENAI_BASE_URL";
    /** Secret. */
    public static final String OPENAI_API_KEY = "OPENAI_API_KEY";
    public static final String ANTHROPIC_BASE_URL = "ANTHROPIC_BASE_URL";
    /** Secret. */
    public static final String ANTHROPIC_API_KEY = "ANTHROPIC_API_KEY";
    public static final String OLLAMA_BASE_URL = "OLLAMA_BASE_URL";
    /** Secret: the Slack incoming webhook URL. */
    public static final String SLACK_WEBHOOK_URL = "SLACK_WEBHOOK_URL";
    /** Secret. */
    public static final String GITHUB_TOKEN = "GITHUB_TOKEN";
    public static final String GITHUB_REPOSITORY = "GITHUB_REPOSITORY";
    public static final String GITHUB_EVENT_PATH = "GITHUB_EVENT_PATH";
    public static final String GITHUB_SHA = "GITHUB_SHA";
    /** The pull request's base branch (set by GitHub Actions on pull_request events): where the gate reads the baseline. */
    public static final String GITHUB_BASE_REF = "GITHUB_BASE_REF";
    /** The PR's source branch (pull_request events); the run's branch parameter. */
    public static final String GITHUB_HEAD_REF = "GITHUB_HEAD_REF";
    /** The branch or tag of a push; the run's branch parameter when GITHUB_HEAD_REF is unset. */
    public static final String GITHUB_REF_NAME = "GITHUB_REF_NAME";
    public static final String GITHUB_API_URL = "GITHUB_API_URL";
    public static final String GITHUB_STEP_SUMMARY = "GITHUB_STEP_SUMMARY";
    /**
     * The login of the bot a GitHub installation token acts as (GET /user is refused for those):
     * default github-actions[bot]; set it for a GitHub App token ("my-app[bot]").
     */
    public static final String GITHUB_BOT_LOGIN = "DRIFTGATE_GITHUB_BOT_LOGIN";

    private final Map<String, String> variables;

    private Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Environment system() {
        return new Environment(System.getenv());
    }

    public static Environment of(Map<String, String> variables) {
        return new Environment(variables);
    }

    /** The variable's value, or empty when it is unset or blank. */
    public Optional<String> get(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** This environment with {@code overrides} on top (e.g. a local simulator's OPENAI_BASE_URL). */
    public Environment with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(variables);
        merged.putAll(overrides);
        return new Environment(merged);
    }

    /** Every variable, for APIs that take a map (core.llm's LlmSettings). */
    public Map<String, String> asMap() {
        return variables;
    }

    /** The local state directory: DRIFTGATE_HOME, or .driftgate under the working directory. */
    public Path stateDir() {
        return Path.of(get(HOME).orElse(".driftgate"));
    }
}
