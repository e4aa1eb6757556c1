package dev.driftgate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config-dir DIR}: the directory of the config YAML files, the same flag on every command. */
public class ConfigDirOption {
    private Path dir = Path.of("config");
    private boolean given;

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "Directory with the config YAML files (default: config).")
    void set(Path dir) {
        this.dir = dir;
        this.given = true;
    }

    public Path dir() {
        return dir;
    }

    /** Whether the user named the directory (some commands use ./config only when it exists). */
    public boolean given() {
        return given;
    }

    /** For commands that used to spell it {@code --config DIR}: that spelling still works, hidden. */
    public static class WithLegacyAlias extends ConfigDirOption {
        @Option(names = "--config", paramLabel = "DIR", hidden = true, description = "Old spelling of --config-dir.")
        void legacy(Path dir) {
            set(dir);
        }
    }
}
