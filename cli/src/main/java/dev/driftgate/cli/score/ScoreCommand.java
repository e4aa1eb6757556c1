package dev.driftgate.cli.score;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftgate.cli.ConfigDirOption;
import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.metrics.BertScoreOptions;
import dev.driftgate.core.metrics.BertScoreReport;
import dev.driftgate.core.metrics.DjlBertScorer;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.metrics.RougeScorer;
import dev.driftgate.core.metrics.RougeScores;
import dev.driftgate.core.metrics.TextPair;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate score --pairs pairs.jsonl [--stem] [--out out.jsonl]}: ROUGE-L, ROUGE-Lsum and
 * BERTScore for each {id, candidate, reference} line. A bad line is reported with its line number on
 * stderr and skipped; the others are still scored; the exit code is then 1.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score candidate/reference pairs with ROUGE-L, ROUGE-Lsum and BERTScore (JSONL in, JSONL out).")
public final class ScoreCommand extends EnvironmentAware implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--pairs", required = true, paramLabel = "FILE",
            description = "JSONL, one {\"id\", \"candidate\", \"reference\"} object per line (optional \"prompt\" for --judge).")
    Path pairsFile;

    @Option(names = "--out", paramLabel = "FILE", description = "Write results here instead of stdout.")
    Path outFile;

    @Option(names = "--stem", negatable = true,
            description = "Porter-stem tokens for ROUGE (rouge_score use_stemmer). Default: rouge.use_stemmer from the config, else off.")
    Boolean stem;

    @Option(names = "--bertscore", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Compute BERTScore (default on; --no-bertscore for ROUGE only).")
    boolean bertscore;

    /** bertscore.* and rouge.* come from here; without --config-dir, only when ./config exists. */
    @Mixin
    ConfigDirOption.WithLegacyAlias configDir = new ConfigDirOption.WithLegacyAlias();

    @Option(names = "--judge", paramLabel = "MODEL", description = "Also ask an LLM judge, e.g. openai/gpt-4o-mini.")
    String judgeModel;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        DriftgateConfig config = loadConfig();
        Judge judge = null;
        if (judgeModel != null) {
            var factory = ScoreJudgeFactory.find();
            if (factory.isEmpty()) {
                err.println("driftgate score: --judge " + judgeModel + ": judge not available in this build");
                return ExitCodes.UNDECIDED;
            }
            if (config == null) {
                err.println("driftgate score: --judge needs the config directory (judge settings, rubrics): "
                        + "pass --config DIR or run where ./config exists");
                return ExitCodes.INVALID_OR_BLOCKED;
            }
            judge = factory.get().create(judgeModel, config, configDir.dir(), environment().asMap());
        }
        try {
            return score(err, config, judge);
        } finally {
            if (judge instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    err.println("driftgate score: closing the judge failed: " + e.getMessage());
                }
            }
        }
    }

    private int score(PrintWriter err, DriftgateConfig config, Judge judge) throws IOException {
        if (!Files.isReadable(pairsFile)) {
            err.println("driftgate score: cannot read " + pairsFile);
            return ExitCodes.INVALID_OR_BLOCKED;
        }
        ParsedPairs parsed = PairsReader.read(pairsFile);
        parsed.errors().forEach(err::println);
        if (parsed.pairs().isEmpty()) {
            err.println("driftgate score: no valid pairs in " + pairsFile);
            return ExitCodes.INVALID_OR_BLOCKED;
        }

        boolean useStemmer = stem != null ? stem : config != null && config.scorer().rouge() != null
                && config.scorer().rouge().useStemmer();
        RougeScorer rouge = new RougeScorer(useStemmer);
        List<Prf> bert = null;
        if (bertscore) {
            BertScoreOptions options = config != null && config.scorer().bertscore() != null
                    ? BertScoreOptions.from(config.scorer().bertscore(), configDir.dir())
                    : BertScoreOptions.defaults();
            List<TextPair> textPairs = parsed.pairs().stream().map(p -> new TextPair(p.candidate(), p.reference())).toList();
            BertScoreReport report = new DjlBertScorer(options).scoreWithReport(textPairs);
            bert = report.scores();
            if (report.truncatedTexts() > 0 || report.emptyPairs() > 0) {
                err.println("driftgate score: BERTScore truncated " + report.truncatedTexts()
                        + " text(s) at 512 tokens and scored " + report.emptyPairs() + " pair(s) with an empty side as 0");
            }
        }

        ObjectMapper mapper = Json.mapper();
        try (Writer writer = outFile == null
                ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)) {
                    @Override
                    public void close() throws IOException {
                        flush(); // never close stdout
                    }
                }
                : Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
            for (int i = 0; i < parsed.pairs().size(); i++) {
                Pair pair = parsed.pairs().get(i);
                RougeScores scores = rouge.score(pair.reference(), pair.candidate());
                JudgeVerdict verdict = judge == null ? null
                        : judge.judgeWithReference(pair.prompt() == null ? "" : pair.prompt(), pair.candidate(), pair.reference());
                writer.write(mapper.writeValueAsString(new ScoredPair(pair.id(), scores.rougeL(), scores.rougeLsum(),
                        bert == null ? null : bert.get(i), verdict)));
                writer.write('\n');
            }
        }
        err.println("driftgate score: scored " + parsed.pairs().size() + " pair(s)"
                + (parsed.errors().isEmpty() ? "" : ", " + parsed.errors().size() + " bad line(s) skipped"));
        return parsed.errors().isEmpty() ? ExitCodes.OK : ExitCodes.INVALID_OR_BLOCKED;
    }

    private DriftgateConfig loadConfig() {
        Path dir = configDir.dir();
        if (!configDir.given() && !Files.isDirectory(dir)) {
            return null;
        }
        return new ConfigLoader().load(dir);
    }

    /** One output line. Keys follow rouge_score's rule names. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ScoredPair(@JsonProperty("id") String id,
                      @JsonProperty("rougeL") Prf rougeL,
                      @JsonProperty("rougeLsum") Prf rougeLsum,
                      @JsonProperty("bertscore") Prf bertscore,
                      @JsonProperty("judge") JudgeVerdict judge) {
    }

    record Pair(String id, String candidate, String reference, String prompt) {
    }

    record ParsedPairs(List<Pair> pairs, List<String> errors) {
    }

    /** Reads pairs.jsonl, collecting one "file:line: problem" message per bad line. */
    static final class PairsReader {
        private static final Set<String> FIELDS = Set.of("id", "candidate", "reference", "prompt");

        static ParsedPairs read(Path file) {
            List<Pair> pairs = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            ObjectMapper mapper = Json.mapper();
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                String where = file + ":" + (i + 1) + ": ";
                JsonNode node;
                try {
                    node = mapper.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    errors.add(where + "not valid JSON (" + e.getOriginalMessage() + ")");
                    continue;
                }
                if (node == null || !node.isObject()) {
                    errors.add(where + "expected a JSON object with id, candidate and reference");
                    continue;
                }
                List<String> unknown = new ArrayList<>();
                node.fieldNames().forEachRemaining(name -> {
                    if (!FIELDS.contains(name)) {
                        unknown.add(name);
                    }
                });
                if (!unknown.isEmpty()) {
                    errors.add(where + "unknown field(s) " + unknown + "; expected id, candidate, reference (and optional prompt)");
                    continue;
                }
                String problem = null;
                for (String field : List.of("id", "candidate", "reference")) {
                    JsonNode value = node.get(field);
                    if (value == null || value.isNull()) {
                        problem = "missing field \"" + field + "\"";
                        break;
                    }
                    if (!value.isTextual()) {
                        problem = "field \"" + field + "\" must be a string";
                        break;
                    }
                }
                if (problem == null && node.get("id").asText().isBlank()) {
                    problem = "field \"id\" is blank";
                }
                if (problem == null && node.has("prompt") && !node.get("prompt").isTextual()) {
                    problem = "field \"prompt\" must be a string";
                }
                if (problem == null && !ids.add(node.get("id").asText())) {
                    problem = "duplicate id \"" + node.get("id").asText() + "\"";
                }
                if (problem != null) {
                    errors.add(where + problem);
                    continue;
                }
                pairs.add(new Pair(node.get("id").asText(), node.get("candidate").asText(), node.get("reference").asText(),
                        node.has("prompt") ? node.get("prompt").asText() : null));
            }
            return new ParsedPairs(pairs, errors);
        }
    }
}
