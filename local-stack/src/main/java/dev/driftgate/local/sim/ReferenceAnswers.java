package dev.driftgate.local.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reference answers by prompt, read from the golden dataset JSONL (only {@code prompt} and
 * {@code reference_response} are used, so the simulator does not depend on the full schema).
 */
public final class ReferenceAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, String> byPrompt;

    private ReferenceAnswers(Map<String, String> byPrompt) {
        this.byPrompt = Map.copyOf(byPrompt);
    }

    public static ReferenceAnswers none() {
        return new ReferenceAnswers(Map.of());
    }

    public static ReferenceAnswers of(Map<String, String> promptToReference) {
        Map<String, String> m = new HashMap<>();
        promptToReference.forEach((p, r) -> m.put(SimText.normalizePrompt(p), r));
        return new ReferenceAnswers(m);
    }

    public static ReferenceAnswers load(Path jsonl) {
        if (!Files.isRegularFile(jsonl)) {
            throw new IllegalArgumentException("simulator dataset not found: " + jsonl.toAbsolutePath()
                    + " (set 'dataset: null' in the simulator config to serve generic answers only)");
        }
        Map<String, String> m = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IllegalArgumentException(jsonl + " line " + lineNo + ": not JSON: " + e.getMessage());
                }
                JsonNode prompt = node.get("prompt");
                JsonNode ref = node.get("reference_response");
                if (prompt == null || !prompt.isTextual() || ref == null || !ref.isTextual()) {
                    throw new IllegalArgumentException(jsonl + " line " + lineNo
                            + ": needs string fields 'prompt' and 'reference_response'");
                }
                m.put(SimText.normalizePrompt(prompt.asText()), ref.asText());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read simulator dataset " + jsonl + ": " + e.getMessage(), e);
        }
        return new ReferenceAnswers(m);
    }

    /** The reference for this prompt, or null when the prompt is not in the dataset. */
    public String find(String prompt) {
        return byPrompt.get(SimText.normalizePrompt(prompt));
    }

    public int size() {
        return byPrompt.size();
    }
}
