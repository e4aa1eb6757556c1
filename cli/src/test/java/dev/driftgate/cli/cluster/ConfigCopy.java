package dev.driftgate.cli.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of a config directory with one line of shadow_config.yaml changed (a test's own settings). */
final class ConfigCopy {
    private ConfigCopy() {
    }

    /** Copies {@code source} to {@code target}, replacing the first match of {@code regex} in shadow_config.yaml. */
    static Path withShadowConfig(Path source, Path target, String regex, String replacement) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path t = target.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
        Path shadow = target.resolve("shadow_config.yaml");
        String yaml = Files.readString(shadow);
        String changed = yaml.replaceFirst(regex, replacement);
        if (changed.equals(yaml)) {
            throw new IllegalStateException("no " + regex + " in " + shadow);
        }
        Files.writeString(shadow, changed);
        return target;
    }
}
