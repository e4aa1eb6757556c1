package dev.driftgate.cli;

import java.util.Map;

/** A subcommand that reads environment variables through a map tests can replace. */
public interface EnvironmentAware {
    void useEnvironment(Map<String, String> environment);
}
