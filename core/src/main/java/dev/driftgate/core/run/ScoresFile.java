package dev.driftgate.core.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.driftgate.core.io.AtomicFiles;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ExampleResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * scores_output/scores.json: one {@link EvalRun} in core's JSON dialect. The one reader and writer.
 *
 * <p>Written atomically ({@link AtomicFiles}: readers see the old file or the new one). A score that
 * does not exist (NaN in memory: a failed example, an empty category) is written as JSON null next to
 * the failure fields ({@code failed}, {@code failure_stage}, {@code failure_reason}); it is never the
 * string "NaN". Reading is strict: every problem names the file and what is wrong. Files written before
 * this rule carry the string "NaN" for such scores; it is read leniently as "no score" (the same
 * meaning), and any other string where a number belongs is rejected.
 */
public final class ScoresFile {
    public static final String NAME = "scores.json";
    private static final double ROUNDING = 1e-6;

    private static final ObjectMapper MAPPER = Json.mapper().copy().registerModule(new SimpleModule("scores-file")
            .addSerializer(Double.class, new NanAsNull())
            .addSerializer(double.class, new NanAsNull())
            .addDeserializer(Double.class, new NullAsNan())
            .addDeserializer(double.class, new NullAsNan()));

    private ScoresFile() {
    }

    /** Thrown with a message that names the file and what is wrong with it. */
    public static final class InvalidScoresException extends RuntimeException {
        public InvalidScoresException(Path file, String problem) {
            super("scores file " + file + ": " + problem);
        }
    }

    /** Writes {@code run} to {@code outDir}/scores.json atomically and returns the file. */
    public static Path write(Path outDir, EvalRun run) {
        Path target = outDir.resolve(NAME);
        try {
            AtomicFiles.write(target, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(run));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Reads a run in any status; rejects what is not a well-formed run. */
    public static EvalRun read(Path file) {
        EvalRun run = parse(file);
        validate(file, run);
        return run;
    }

    /**
     * Writes {@code run} to {@code file} in canonical form: map keys sorted, examples sorted by id and
     * per-example latencies zeroed, so the same scores give the same bytes and a committed baseline
     * diffs only where a score changed.
     */
    public static Path writeCanonical(Path file, EvalRun run) {
        try {
            AtomicFiles.write(file, canonicalBytes(run));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static byte[] canonicalBytes(EvalRun run) throws IOException {
        List<ExampleResult> examples = run.examples() == null ? null
                : run.examples().stream()
                        .map(e -> new ExampleResult(e.id(), e.category(), e.prompt(),
                                e.referenceResponse(), e.response(), e.rougeL(), e.bertscore(), e.judge(),
                                e.composite(), 0, 0, e.failed(), e.failureStage(), e.failureReason()))
                        .sorted(Comparator.comparing(ExampleResult::id))
                        .toList();
        EvalRun canonical = new EvalRun(run.runId(), run.startedAt(), run.finishedAt(), run.status(), run.gitSha(),
                run.prNumber(), run.model(), run.judgeModel(), run.promptTemplateVersion(), run.systemPromptHash(),
                run.datasetVersion(), run.configHash(), run.tags(), run.overall(), run.categories(), examples,
                run.usage(), run.judgeFailures(), run.params());
        byte[] json = MAPPER.writer(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .withDefaultPrettyPrinter().writeValueAsBytes(canonical);
        byte[] withNewline = Arrays.copyOf(json, json.length + 1);
        withNewline[json.length] = '\n';
        return withNewline;
    }

    /**
     * Reads a completed run from bytes that did not come from a file on disk (a baseline read with
     * {@code git show}); {@code source} names it in every message.
     */
    public static EvalRun readCompleted(Path source, byte[] bytes) {
        EvalRun run = parse(source, bytes);
        validate(source, run);
        return completed(source, run);
    }

    /** Reads a run the gate can judge: status completed, an overall score and scored categories. */
    public static EvalRun readCompleted(Path file) {
        return completed(file, read(file));
    }

    private static EvalRun completed(Path file, EvalRun run) {
        if (run.status() != EvalRun.Status.COMPLETED) {
            throw new InvalidScoresException(file, "run " + run.runId() + " has status '" + run.status()
                    + "', not 'completed': the gate only judges completed runs");
        }
        if (Double.isNaN(run.overall())) {
            throw new InvalidScoresException(file, "overall is missing");
        }
        if (run.categories().isEmpty()) {
            throw new InvalidScoresException(file, "categories is missing or empty");
        }
        for (Map.Entry<String, CategoryScore> e : run.categories().entrySet()) {
            if (Double.isNaN(e.getValue().composite())) {
                throw new InvalidScoresException(file, "categories." + e.getKey() + ".composite is missing");
            }
        }
        return run;
    }

    private static EvalRun parse(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidScoresException(file, "does not exist (run `driftgate eval` first)");
        } catch (IOException e) {
            throw new InvalidScoresException(file, "cannot be read: " + e.getMessage());
        }
        return parse(file, bytes);
    }

    private static EvalRun parse(Path file, byte[] bytes) {
        if (bytes.length == 0) {
            throw new InvalidScoresException(file, "is empty");
        }
        EvalRun run;
        try {
            run = MAPPER.readValue(bytes, EvalRun.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String path = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                    ? " (field " + fieldPath(m) + ")" : "";
            throw new InvalidScoresException(file, "is not a valid scores.json" + where + path + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidScoresException(file, "cannot be read: " + e.getMessage());
        }
        if (run == null) {
            throw new InvalidScoresException(file, "holds JSON null, not a run");
        }
        return run;
    }

    private static String fieldPath(JsonMappingException e) {
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
        if (run.status() == null) {
            throw new InvalidScoresException(file, "status is missing");
        }
        if (run.startedAt() == null) {
            throw new InvalidScoresException(file, "started_at is missing");
        }
        if (!isScoreOrMissing(run.overall())) {
            throw new InvalidScoresException(file, "overall must be a number in [0,1], was " + run.overall());
        }
        if (run.categories() == null) {
            throw new InvalidScoresException(file, "categories is missing");
        }
        for (Map.Entry<String, CategoryScore> e : run.categories().entrySet()) {
            CategoryScore s = e.getValue();
            if (s == null) {
                throw new InvalidScoresException(file, "categories." + e.getKey() + " is null");
            }
            if (!isScoreOrMissing(s.composite())) {
                throw new InvalidScoresException(file, "categories." + e.getKey()
                        + ".composite must be a number in [0,1], was " + s.composite());
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

    /**
     * BERTScore is computed in float32, so a perfect match can average to 1.0000000179: scores within
     * {@link #ROUNDING} of [0,1] are accepted as they are.
     */
    private static boolean isScoreOrMissing(double v) {
        return Double.isNaN(v) || (v >= -ROUNDING && v <= 1 + ROUNDING);
    }

    /** NaN (no score) is written as null; infinities are a bug upstream and are refused. */
    private static final class NanAsNull extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            if (value.isNaN()) {
                gen.writeNull();
            } else if (value.isInfinite()) {
                throw new IOException("refusing to write an infinite score");
            } else {
                gen.writeNumber(value);
            }
        }
    }

    /** null (and the legacy string "NaN") reads as NaN; numbers as themselves; anything else fails. */
    private static final class NullAsNan extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                return p.getDoubleValue();
            }
            if (t == JsonToken.VALUE_STRING && "NaN".equals(p.getText())) {
                return Double.NaN;
            }
            return (Double) ctxt.handleUnexpectedToken(Double.class, p);
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }
}
