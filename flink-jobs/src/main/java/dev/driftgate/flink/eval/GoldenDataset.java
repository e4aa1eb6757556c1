package dev.driftgate.flink.eval;

import dev.driftgate.core.config.DatasetConfig;
import dev.driftgate.core.dataset.DatasetError;
import dev.driftgate.core.dataset.DatasetManifest;
import dev.driftgate.core.dataset.ExampleValidator;
import dev.driftgate.core.dataset.GoldenExample;
import dev.driftgate.core.dataset.JsonlLineReader;
import dev.driftgate.core.dataset.RawLine;
import dev.driftgate.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The golden dataset an eval runs over, read with the dataset builder's own reader and validator
 * (so eval accepts exactly what {@code dataset build} writes), plus its version: the SHA-256 of the
 * file, which must match {@code golden_dataset.manifest.json} next to it when that exists.
 */
public record GoldenDataset(Path path, String version, List<GoldenExample> examples) {

    /** A dataset that cannot be evaluated; the message names the file, line and field. */
    public static final class InvalidDatasetException extends RuntimeException {
        public InvalidDatasetException(String message) {
            super(message);
        }
    }

    public static GoldenDataset load(Path path, DatasetConfig config) {
        if (!Files.isRegularFile(path)) {
            throw new InvalidDatasetException("dataset " + path + " does not exist (run ./driftgate dataset build)");
        }
        Set<String> categories = new LinkedHashSet<>(config.categories().keySet());
        ExampleValidator validator = new ExampleValidator(categories, config.limits().minPromptChars());
        List<GoldenExample> examples = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (InputStream in = Files.newInputStream(path)) {
            JsonlLineReader reader = new JsonlLineReader(in, config.limits().maxLineBytes());
            for (RawLine line = reader.next(); line != null; line = reader.next()) {
                if (!line.isOk()) {
                    errors.add(path + ":" + line.number() + ": " + line.error());
                    continue;
                }
                if (line.text().isBlank()) {
                    continue;
                }
                ExampleValidator.Result r = validator.validate(line.number(), line.text());
                for (DatasetError e : r.errors()) {
                    errors.add(path + ": " + e);
                }
                if (r.example() != null && !ids.add(r.example().id())) {
                    errors.add(path + ":" + line.number() + ": duplicate id " + r.example().id());
                } else if (r.example() != null) {
                    examples.add(r.example());
                }
            }
        } catch (IOException e) {
            throw new InvalidDatasetException("cannot read dataset " + path + ": " + e.getMessage());
        }
        if (!errors.isEmpty()) {
            throw new InvalidDatasetException(errors.size() + " invalid line(s) in the dataset, first: "
                    + String.join("; ", errors.subList(0, Math.min(5, errors.size()))));
        }
        if (examples.isEmpty()) {
            throw new InvalidDatasetException("dataset " + path + " has no examples");
        }
        return new GoldenDataset(path, version(path), List.copyOf(examples));
    }

    static String version(Path path) {
        String sha = sha256(path);
        Path manifest = path.resolveSibling(manifestName(path));
        if (Files.isRegularFile(manifest)) {
            DatasetManifest m;
            try {
                m = Json.mapper().readValue(manifest.toFile(), DatasetManifest.class);
            } catch (IOException e) {
                throw new InvalidDatasetException("unreadable manifest " + manifest + ": " + e.getMessage());
            }
            if (!sha.equals(m.datasetVersion())) {
                throw new InvalidDatasetException("dataset " + path + " does not match " + manifest
                        + " (dataset_version " + m.datasetVersion() + ", file sha256 " + sha
                        + "): rebuild it with ./driftgate dataset build");
            }
        }
        return sha;
    }

    static String manifestName(Path dataset) {
        String name = dataset.getFileName().toString();
        return (name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name) + ".manifest.json";
    }

    private static String sha256(Path path) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
        } catch (IOException e) {
            throw new InvalidDatasetException("cannot read dataset " + path + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A quick subset of {@code limit} examples that keeps every category in: round-robin over the
     * categories (in file order within each), so --limit 10 on five categories takes two of each.
     * The version stays the file's.
     */
    public GoldenDataset limit(Integer limit) {
        if (limit == null || limit >= examples.size()) {
            return this;
        }
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
        }
        java.util.Map<String, java.util.ArrayDeque<GoldenExample>> byCategory = new java.util.LinkedHashMap<>();
        for (GoldenExample e : examples) {
            byCategory.computeIfAbsent(e.category(), c -> new java.util.ArrayDeque<>()).add(e);
        }
        List<GoldenExample> picked = new ArrayList<>(limit);
        while (picked.size() < limit) {
            for (java.util.ArrayDeque<GoldenExample> queue : byCategory.values()) {
                if (!queue.isEmpty() && picked.size() < limit) {
                    picked.add(queue.poll());
                }
            }
        }
        return new GoldenDataset(path, version, List.copyOf(picked));
    }
}
