package dev.driftgate.local.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftgate.core.judge.JudgePromptFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorTest {
    static final String FRANCE = "What is the capital of France, and on which river does it stand?";
    static final String FRANCE_REF = "The capital of France is Paris, which stands on the river Seine in the north of the country.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static LlmSimulator sim;

    @BeforeAll
    static void start() {
        sim = newSimulator().start(0);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static LlmSimulator newSimulator() {
        SimulatorConfig cfg = SimulatorConfig.load(Path.of("src/test/resources/sim/simulator-test.yaml"));
        return new LlmSimulator(cfg, ReferenceAnswers.load(Path.of("src/test/resources/sim/golden-mini.jsonl")));
    }

    static HttpResponse<String> post(LlmSimulator s, String model, String system, String user, boolean json)
            throws Exception {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        if (system != null) {
            body.putArray("messages").addObject().put("role", "system").put("content", system);
        }
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.withArray("messages")).addObject()
                .put("role", "user").put("content", user);
        if (json) {
            body.putObject("response_format").put("type", "json_object");
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(s.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    static String content(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("choices").path(0).path("message").path("content").asText();
    }

    @Test
    void sameModelAndPromptGiveTheSameAnswerEvenFromAFreshSimulator() throws Exception {
        String first = content(post(sim, "sim-degraded", null, FRANCE, false));
        String second = content(post(sim, "sim-degraded", null, FRANCE, false));
        String fresh;
        try (LlmSimulator other = newSimulator().start(0)) {
            fresh = content(post(other, "sim-degraded", null, FRANCE, false));
        }
        assertThat(second).isEqualTo(first);
        assertThat(fresh).isEqualTo(first);
        assertThat(content(post(sim, "sim-good", null, FRANCE, false))).isNotEqualTo(first);
    }

    @Test
    void knownPromptsAnswerWithTheReferencePerturbedInProportionToQuality() throws Exception {
        assertThat(content(post(sim, "sim-perfect", null, FRANCE, false))).isEqualTo(FRANCE_REF);
        double good = 0;
        double degraded = 0;
        int n = 0;
        for (String line : Files.readAllLines(Path.of("src/test/resources/sim/golden-mini.jsonl"))) {
            JsonNode ex = JSON.readTree(line);
            String prompt = ex.get("prompt").asText();
            String ref = ex.get("reference_response").asText();
            good += SimText.overlapF1(content(post(sim, "sim-good", null, prompt, false)), ref);
            degraded += SimText.overlapF1(content(post(sim, "sim-degraded", null, prompt, false)), ref);
            n++;
        }
        assertThat(good / n).isGreaterThan(0.85);
        assertThat(degraded / n).isBetween(0.3, 0.8);
        assertThat(good / n - degraded / n).isGreaterThan(0.15);
    }

    @Test
    void unknownPromptsGetAGenericAnswerAndUsageIsReported() throws Exception {
        HttpResponse<String> r = post(sim, "sim-good", "Be brief.", "Tell me about lighthouses on rocky coasts", false);
        assertThat(content(r)).startsWith("Here is a short answer about tell me about lighthouses");
        JsonNode usage = JSON.readTree(r.body()).get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isPositive();
        assertThat(usage.get("completion_tokens").asInt()).isPositive();
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
    }

    @Test
    void listsModelsAndRejectsUnknownOnesWithOpenAiErrorShape() throws Exception {
        HttpResponse<String> models = HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(models.body()).get("data").forEach(m -> ids.add(m.get("id").asText()));
        assertThat(ids).contains("sim-good", "sim-degraded", "judge-sim");

        HttpResponse<String> unknown = post(sim, "gpt-nope", null, FRANCE, false);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).at("/error/code").asText()).isEqualTo("model_not_found");
        assertThat(JSON.readTree(unknown.body()).at("/error/message").asText()).contains("gpt-nope");
    }

    @Test
    void configuredFaultsReturn429WithRetryAfterAnd500() throws Exception {
        HttpResponse<String> limited = post(sim, "sim-always-429", null, FRANCE, false);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("2");
        assertThat(JSON.readTree(limited.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(post(sim, "sim-always-500", null, FRANCE, false).statusCode()).isEqualTo(500);
    }

    @Test
    void judgePromptsGetRubricJsonAndBetterAnswersScoreHigher() throws Exception {
        String good = content(post(sim, "sim-good", null, FRANCE, false));
        String bad = content(post(sim, "sim-degraded", null, FRANCE, false));
        JsonNode goodVerdict = JSON.readTree(content(post(sim, "judge-sim", null, judgePrompt(FRANCE, good, FRANCE_REF), true)));
        JsonNode badVerdict = JSON.readTree(content(post(sim, "judge-sim", null, judgePrompt(FRANCE, bad, FRANCE_REF), true)));
        assertThat(goodVerdict.get("overall").asDouble()).isGreaterThan(badVerdict.get("overall").asDouble());
        for (String field : List.of("factual_accuracy", "instruction_following", "safety", "overall")) {
            assertThat(goodVerdict.get(field).asDouble()).isBetween(0.0, 1.0);
        }
        // reference-free: the simulator finds the golden reference for a known question itself
        JsonNode refFree = JSON.readTree(content(post(sim, "judge-sim", null, judgePrompt(FRANCE, good, null), true)));
        assertThat(refFree.get("factual_accuracy").asDouble()).isEqualTo(goodVerdict.get("factual_accuracy").asDouble());
    }

    @Test
    void malformedJudgeOutputStillParsesInJsonModeButNotInTextMode() throws Exception {
        String prompt = judgePrompt(FRANCE, FRANCE_REF, FRANCE_REF);
        JsonNode jsonMode = JSON.readTree(content(post(sim, "judge-broken", null, prompt, true)));
        assertThat(jsonMode.has("factual_accuracy")).isTrue();
        assertThat(jsonMode.has("safety")).as("json mode damage = a missing field").isFalse();
        int unparseable = 0;
        for (int i = 0; i < 12; i++) {
            String text = content(post(sim, "judge-broken", null, prompt, false));
            try {
                JsonNode node = JSON.readTree(text);
                if (!node.has("safety")) {
                    unparseable++;
                }
            } catch (Exception e) {
                unparseable++;
            }
        }
        assertThat(unparseable).isEqualTo(12);
    }

    @Test
    void concurrentRequestsAreNotSerialized() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(48);
        try {
            long start = System.nanoTime();
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                int k = i;
                futures.add(pool.submit(() -> post(sim, "sim-slow", null, "Question number " + k + " about rivers", false)));
            }
            for (Future<HttpResponse<String>> f : futures) {
                assertThat(f.get().statusCode()).isEqualTo(200);
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            // 48 x 200 ms serialized would be 9.6 s
            assertThat(elapsedMs).isLessThan(3_000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void latencyOverrideAppliesToEveryModel() throws Exception {
        try (LlmSimulator s = newSimulator().start(0)) {
            s.setLatencyOverrideMs(300L);
            long start = System.nanoTime();
            content(post(s, "sim-good", null, FRANCE, false));
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void projectConfigLoadsAndBadConfigsNameTheModelAndKey(@TempDir Path dir) throws Exception {
        SimulatorConfig project = SimulatorConfig.load(Path.of("../config/simulator.yaml"));
        assertThat(project.model("sim-good").quality()).isEqualTo(0.95);
        assertThat(project.model("sim-degraded").quality()).isEqualTo(0.6);
        assertThat(project.model("judge-sim")).isNotNull();
        assertThat(project.models()).anyMatch(m -> m.latency().distribution().equals("fixed") && m.latency().ms() == 0);

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "dataset: null\nmodels:\n  - name: shaky\n    quality: 1.5\n");
        assertThatThrownBy(() -> SimulatorConfig.load(bad)).hasMessageContaining("shaky").hasMessageContaining("quality");
        Files.writeString(bad, "dataset: null\nmodels:\n  - name: x\n    latency: { distribution: poisson }\n");
        assertThatThrownBy(() -> SimulatorConfig.load(bad)).hasMessageContaining("poisson");
        assertThatThrownBy(() -> ReferenceAnswers.load(dir.resolve("missing.jsonl")))
                .hasMessageContaining("missing.jsonl");
    }

    static String judgePrompt(String question, String answer, String reference) {
        StringBuilder sb = new StringBuilder(JudgePromptFormat.RUBRIC_MARKER).append("\nGrade the answer.\n")
                .append("<question>").append(question).append("</question>\n")
                .append("<answer>").append(answer).append("</answer>\n");
        if (reference != null) {
            sb.append("<reference>").append(reference).append("</reference>\n");
        }
        return sb.toString();
    }
}
