package dev.driftgate.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.CategoryScore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** Reads scores.json (an {@link EvalRun} in core's JSON dialect) and refuses anything the gate cannot judge. */
public final class ScoresFile {
    private ScoresFile() {
    }

    /** Thrown with a message that names the file and what is wrong with it. */
    public static final class InvalidScoresException extends RuntimeException {
        public InvalidScoresException(Path file, String problem) {
            super("scores file " + file + ": " + problem);
        }
    }

    public static EvalRun read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidScoresException(file, "does not exist (run `driftgate eval` first)");
        } catch (IOException e) {
            throw new InvalidScoresException(file, "cannot be read: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw new InvalidScoresException(file, "is empty");
        }
        EvalRun run;
        try {
            run = Json.mapper().readValue(bytes, EvalRun.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String path = e instanceof MismatchedInputException m && !m.getPath().isEmpty()
                    ? " (field " + fieldPath(m) + ")" : "";
            throw new InvalidScoresException(file, "is not a valid scores.json" + where + path + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidScoresException(file, "cannot be read: " + e.getMessage());
        }
        if (run == null) {
            throw new InvalidScoresException(file, "holds JSON null, not a run");
        }
        validate(file, run);
        return run;
    }

    private static String fieldPath(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static void validate(Path file, EvalRun run) {
        if (run.runId() == null || run.runId().isBlank()) {
            throw new InvalidScoresException(file, "run_id is missing");
        }
        if (!"completed".equals(run.status())) {
            throw new InvalidScoresException(file, "run " + run.runId() + " has status '" + run.status()
                    + "', not 'completed': the gate only judges completed runs");
        }
        if (!Double.isFinite(run.overall()) || run.overall() < 0 || run.overall() > 1) {
            throw new InvalidScoresException(file, "overall must be a number in [0,1], was " + run.overall());
        }
        if (run.categories() == null || run.categories().isEmpty()) {
            throw new InvalidScoresException(file, "categories is missing or empty");
        }
        for (Map.Entry<String, CategoryScore> e : run.categories().entrySet()) {
            CategoryScore s = e.getValue();
            if (s == null || !Double.isFinite(s.composite()) || s.composite() < 0 || s.composite() > 1) {
                throw new InvalidScoresException(file, "categories." + e.getKey()
                        + ".composite must be a number in [0,1]");
            }
        }
        if (run.examples() != null) {
            for (int i = 0; i < run.examples().size(); i++) {
                var ex = run.examples().get(i);
                if (ex == null || ex.id() == null || ex.category() == null) {
                    throw new InvalidScoresException(file, "examples[" + i + "] has no id or category");
                }
            }
        }
    }
}
