package dev.driftgate.core.dataset;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * golden_dataset.manifest.json. Deliberately without timestamps: building the same raw file with
 * the same config gives byte-identical files, so the committed copies can be checked.
 *
 * @param datasetVersion    SHA-256 (hex) of the canonical dataset file's bytes
 * @param source            the raw file it was built from, relative to the working directory when inside it
 * @param counts            examples per category, in config order
 * @param builderConfigHash SHA-256 (hex) of dataset_config.yaml's bytes
 */
@JsonPropertyOrder({"dataset_version", "schema_version", "source", "total", "counts", "builder_config_hash"})
public record DatasetManifest(
        String datasetVersion,
        int schemaVersion,
        String source,
        int total,
        Map<String, Integer> counts,
        String builderConfigHash) {
}
