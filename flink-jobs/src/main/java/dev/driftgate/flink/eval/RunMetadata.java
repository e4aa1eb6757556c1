package dev.driftgate.flink.eval;

import java.util.Map;

/** The descriptive fields of a run that do not come out of the job. */
public record RunMetadata(String runId, String gitSha, Integer prNumber, String model, String judgeModel,
                          String promptTemplateVersion, String systemPromptHash, String datasetVersion,
                          String configHash, Map<String, String> tags, Map<String, String> params) {
}
