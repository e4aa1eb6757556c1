package dev.driftgate.core.dataset;

import dev.driftgate.core.config.DatasetConfig;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 1: turns a raw prompts JSONL file into the golden dataset. {@link #validate} reads the whole
 * file and collects every error (per line, duplicate ids, per-category minimums); only a report
 * without errors can be written with {@link DatasetWriter}.
 */
public final class DatasetBuilder {
    private final DatasetConfig config;
    private final ExampleValidator validator;

    public DatasetBuilder(DatasetConfig config) {
        this.config = config;
        this.validator = new ExampleValidator(config.categories().keySet(), config.limits().minPromptChars());
    }

    /** Everything found in a raw file: the valid examples in file order and all errors. */
    public record Report(List<GoldenExample> examples, List<DatasetError> errors, Map<String, Integer> counts) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public Report validate(Path raw) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(raw), 64 * 1024)) {
            return validate(in);
        }
    }

    public Report validate(InputStream in) throws IOException {
        JsonlLineReader reader = new JsonlLineReader(in, config.limits().maxLineBytes());
        List<GoldenExample> examples = new ArrayList<>();
        List<DatasetError> errors = new ArrayList<>();
        Map<String, Integer> firstLineOfId = new HashMap<>();
        for (RawLine line = reader.next(); line != null; line = reader.next()) {
            if (!line.isOk()) {
                errors.add(new DatasetError(line.number(), null, null, line.error()));
                continue;
            }
            if (line.text().isBlank()) {
                continue;
            }
            ExampleValidator.Result result = validator.validate(line.number(), line.text());
            errors.addAll(result.errors());
            GoldenExample example = result.example();
            if (example == null) {
                continue;
            }
            Integer first = firstLineOfId.putIfAbsent(example.id(), line.number());
            if (first != null) {
                errors.add(new DatasetError(line.number(), example.id(), "id",
                        "duplicate id, first used on line " + first));
                continue;
            }
            examples.add(example);
        }
        Map<String, Integer> counts = countPerCategory(examples);
        config.categories().forEach((name, spec) -> {
            int have = counts.get(name);
            if (have < spec.minExamples()) {
                errors.add(new DatasetError(0, null, "category " + name,
                        "needs at least " + spec.minExamples() + " valid examples (categories." + name
                                + ".min_examples), found " + have));
            }
        });
        return new Report(List.copyOf(examples), List.copyOf(errors), counts);
    }

    private Map<String, Integer> countPerCategory(List<GoldenExample> examples) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        config.categories().keySet().forEach(name -> counts.put(name, 0));
        examples.forEach(e -> counts.merge(e.category(), 1, Integer::sum));
        return counts;
    }
}
