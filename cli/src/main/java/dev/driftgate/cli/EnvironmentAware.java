package dev.driftgate.cli;

import dev.driftgate.core.config.Environment;

/** A subcommand that reads environment variables through an {@link Environment} tests can replace. */
public interface EnvironmentAware {
    void useEnvironment(Environment environment);
}
