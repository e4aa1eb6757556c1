package dev.driftgate.cli;

import dev.driftgate.core.config.Environment;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a command keeps local state (embedded PostgreSQL, broker data): {@code --state-dir DIR} when
 * given, else DRIFTGATE_HOME, else ./.driftgate. The one way every stateful command finds it.
 */
public final class StateDirOption {
    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Local state directory (default: $" + Environment.HOME + ", else .driftgate).")
    private Path explicit;

    public Path resolve(Environment env) {
        return explicit != null ? explicit : env.stateDir();
    }
}
