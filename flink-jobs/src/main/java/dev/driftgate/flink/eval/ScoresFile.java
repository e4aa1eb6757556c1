package dev.driftgate.flink.eval;

import dev.driftgate.core.json.Json;
import dev.driftgate.core.run.EvalRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** scores_output/scores.json: written to a temp file in the same folder, then renamed into place. */
public final class ScoresFile {
    public static final String NAME = "scores.json";

    private ScoresFile() {
    }

    public static Path write(Path outDir, EvalRun run) {
        try {
            Files.createDirectories(outDir);
            Path target = outDir.resolve(NAME);
            Path tmp = Files.createTempFile(outDir, ".scores", ".json.tmp");
            try {
                Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), run);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outDir.resolve(NAME) + ": " + e.getMessage(), e);
        }
    }

    public static EvalRun read(Path file) {
        try {
            return Json.mapper().readValue(file.toFile(), EvalRun.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
