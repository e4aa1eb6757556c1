package dev.driftgate.core.dataset;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.io.AtomicFiles;
import dev.driftgate.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes a validated dataset in its canonical form and the manifest beside it, each atomically.
 * The dataset goes first, so a manifest never describes a file that is not there.
 */
public final class DatasetWriter {
    // LF on every platform, so the manifest is byte-identical wherever it is built
    private static final ObjectWriter MANIFEST_WRITER = Json.mapper().writer(
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private DatasetWriter() {
    }

    /** golden_dataset.jsonl -> golden_dataset.manifest.json (any other name gets the suffix appended). */
    public static Path manifestPathFor(Path dataset) {
        String name = dataset.getFileName().toString();
        String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return dataset.resolveSibling(base + ".manifest.json");
    }

    /**
     * @param source            how the raw file is named in the manifest
     * @param builderConfigHash SHA-256 of dataset_config.yaml's bytes
     */
    public static DatasetManifest write(DatasetBuilder.Report report, int schemaVersion, String source,
                                        String builderConfigHash, Path out) throws IOException {
        if (!report.ok()) {
            throw new IllegalArgumentException("refusing to write a dataset with " + report.errors().size()
                    + " errors");
        }
        byte[] content = CanonicalJsonl.toBytes(report.examples());
        DatasetManifest manifest = new DatasetManifest(ConfigLoader.sha256(content), schemaVersion, source,
                report.examples().size(), report.counts(), builderConfigHash);
        AtomicFiles.write(out, content);
        byte[] manifestBytes = (MANIFEST_WRITER.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(manifestPathFor(out), manifestBytes);
        return manifest;
    }
}
