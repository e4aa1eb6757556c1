package dev.driftgate.core.config;

import java.util.Map;
import java.util.Optional;

/**
 * The process environment, read in one place so tests can hand in a map. Environment variables
 * override secrets and endpoints only (database, API keys, Kafka, webhooks); everything else lives
 * in config/*.yaml. A variable set to an empty or blank string counts as unset, so copying
 * .env.example unchanged does not switch anything on.
 */
public final class Environment {
    public static final String DB_URL = "DRIFTGATE_DB_URL";
    public static final String DB_USER = "DRIFTGATE_DB_USER";
    public static final String DB_PASSWORD = "DRIFTGATE_DB_PASSWORD";
    /**
     * The login of the bot a GitHub installation token acts as (GET /user is refused for those):
     * default github-actions[bot]; set it for a GitHub App token ("my-app[bot]").
     */
    public static final String GITHUB_BOT_LOGIN = "DRIFTGATE_GITHUB_BOT_LOGIN";
    /** Where local state lives (embedded PostgreSQL data, broker data); default ./.driftgate. */
    public static final String HOME = "DRIFTGATE_HOME";

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

    /** The local state directory: DRIFTGATE_HOME, or .driftgate under the working directory. */
    public java.nio.file.Path stateDir() {
        return java.nio.file.Path.of(get(HOME).orElse(".driftgate"));
    }
}
