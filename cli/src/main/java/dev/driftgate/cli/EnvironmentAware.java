package dev.driftgate.cli;

import dev.driftgate.core.config.Environment;

/**
 * A subcommand that reads environment variables: the process environment, or the {@link Environment}
 * a test or the demo hands in with {@link #useEnvironment}.
 */
public abstract class EnvironmentAware {
    private Environment environment = Environment.system();

    public void useEnvironment(Environment environment) {
        this.environment = environment;
    }

    protected Environment environment() {
        return environment;
    }
}
