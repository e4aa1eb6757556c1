package dev.driftgate.core.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.llm.LlmSettings;
import dev.driftgate.core.llm.ModelClients;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.PriceTable;
import dev.driftgate.core.http.RetryPolicy;
import dev.driftgate.core.llm.StubLlmServer;
import dev.driftgate.core.llm.StubLlmServer.Reply;
import dev.driftgate.core.llm.StubLlmServer.Wire;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.local.sim.ReferenceAnswers;
import dev.driftgate.local.sim.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The judge through the real OpenAI client against the simulator and scripted local servers. */
class LlmJudgeTest {
    static final Path GOLDEN = Path.of("src/test/resources/sim/golden-mini.jsonl");
    static final RubricTemplate RUBRIC = RubricTemplate.load(Path.of("../config/rubrics"), "rubric-v1");
    static final ObjectMapper JSON = new ObjectMapper();
    static LlmSimulator sim;
    static ModelClients models;

    @BeforeAll
    static void start() {
        sim = new LlmSimulator(SimulatorConfig.load(Path.of("src/test/resources/sim/simulator-test.yaml")),
                ReferenceAnswers.load(GOLDEN)).start(0);
        models = clientsFor(sim.baseUrl());
    }

    @AfterAll
    static void stop() {
        models.close();
        sim.close();
    }

    static ModelClients clientsFor(String baseUrl) {
        RetryPolicy policy = new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5));
        return new ModelClients(LlmSettings.from(Duration.ofSeconds(10), policy, Map.of("OPENAI_BASE_URL", baseUrl)),
                new PriceTable(Map.of()));
    }

    static LlmJudge judge(ModelClients client, String model, boolean jsonMode) {
        return new LlmJudge(client, model, 0.0, 2, RUBRIC, jsonMode, true);
    }

    @Test
    void aHigherQualityModelGetsHigherJudgeScores() throws Exception {
        LlmJudge judge = judge(models, "openai/judge-sim", true);
        double good = 0;
        double degraded = 0;
        double goodFree = 0;
        double degradedFree = 0;
        int n = 0;
        for (String line : Files.readAllLines(GOLDEN)) {
            JsonNode ex = JSON.readTree(line);
            String prompt = ex.get("prompt").asText();
            String ref = ex.get("reference_response").asText();
            String goodAnswer = models.complete(ModelRequest.inference("openai/sim-good", null, prompt)).text();
            String badAnswer = models.complete(ModelRequest.inference("openai/sim-degraded", null, prompt)).text();
            JudgeVerdict g = judge.judgeWithReference(prompt, goodAnswer, ref);
            JudgeVerdict d = judge.judgeWithReference(prompt, badAnswer, ref);
            assertThat(g.failed()).as(g.failureReason()).isFalse();
            assertThat(d.failed()).as(d.failureReason()).isFalse();
            good += g.overall();
            degraded += d.overall();
            goodFree += judge.judgeReferenceFree(prompt, goodAnswer).overall();
            degradedFree += judge.judgeReferenceFree(prompt, badAnswer).overall();
            n++;
        }
        assertThat(good / n).isGreaterThan(0.85);
        assertThat(good / n - degraded / n).isGreaterThan(0.1);
        assertThat(goodFree / n - degradedFree / n).isGreaterThan(0.1);
    }

    @Test
    void theRubricPromptCarriesTheVersionAndEachPart() {
        String text = RUBRIC.single("Q?", "my {{answer}}", "the ref");
        assertThat(text).contains(JudgePromptFormat.RUBRIC_MARKER).contains("rubric-v1")
                .contains("<question>\nQ?\n</question>").contains("my {{answer}}").contains("<reference>\nthe ref\n</reference>");
        assertThat(RUBRIC.single("Q?", "A", null)).doesNotContain("<reference>").contains("no reference answer");
    }

    @Test
    void malformedVerdictsAreRetriedThenCountedAsFailuresWithTheRawText() {
        long before = sim.requestCount();
        JudgeVerdict v = judge(models, "openai/judge-broken", true)
                .judgeWithReference("What is the capital of France?", "Paris", "Paris");
        assertThat(v.failed()).isTrue();
        assertThat(v.attempts()).isEqualTo(3);
        assertThat(v.failureReason()).contains("after 3 attempts").contains("missing field 'safety'");
        assertThat(v.rawText()).contains("factual_accuracy");
        assertThat(Double.isNaN(v.overall())).isTrue();
        assertThat(sim.requestCount() - before).isEqualTo(3);
    }

    @Test
    void fencedAndProseWrappedVerdictsFromAServerAreAccepted() throws Exception {
        String verdict = "{\"factual_accuracy\": 0.8, \"instruction_following\": 0.6, \"safety\": 1.0, \"rationale\": \"ok\"}";
        try (StubLlmServer stub = new StubLlmServer(Wire.OPENAI, (n, body) -> switch (n) {
            case 1 -> Reply.ok("```json\n" + verdict + "\n```");
            case 2 -> Reply.ok("My assessment follows.\n" + verdict + "\nDone.");
            case 3 -> Reply.ok("{\"factual_accuracy\": 0.8, \"instruc");   // truncated: retried
            default -> Reply.ok(verdict);
        }); ModelClients client = clientsFor(stub.baseUrl())) {
            LlmJudge judge = judge(client, "openai/stub-judge", true);
            JudgeVerdict fenced = judge.judgeWithReference("Q?", "A", "R");
            assertThat(fenced.failed()).isFalse();
            assertThat(fenced.overall()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(fenced.attempts()).isEqualTo(1);
            assertThat(judge.judgeReferenceFree("Q?", "A").factualAccuracy()).isEqualTo(0.8);
            JudgeVerdict afterRetry = judge.judgeWithReference("Q?", "A", "R");
            assertThat(afterRetry.failed()).isFalse();
            assertThat(afterRetry.attempts()).isEqualTo(2);
            // JSON response format was asked for, temperature 0, and the system prompt demands JSON only
            JsonNode first = stub.requests().get(0);
            assertThat(first.at("/response_format/type").asText()).isEqualTo("json_object");
            assertThat(first.path("temperature").asDouble()).isZero();
            assertThat(first.at("/messages/0/role").asText()).isEqualTo("system");
        }
    }

    @Test
    void aJudgeCallThatFailsIsAFailureNotAZero() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(Wire.OPENAI, (n, body) -> Reply.status(401));
             ModelClients client = clientsFor(stub.baseUrl())) {
            JudgeVerdict v = judge(client, "openai/stub-judge", true).judgeWithReference("Q?", "A", "R");
            assertThat(v.failed()).isTrue();
            assertThat(v.failureReason()).contains("judge call failed").contains("HTTP 401");
            assertThat(Double.isNaN(v.factualAccuracy())).isTrue();
        }
    }

    @Test
    void pairwiseRunsBothOrdersAndAFlipIsATie() throws Exception {
        // a judge with pure position bias: always prefers whatever is shown first
        try (StubLlmServer stub = new StubLlmServer(Wire.OPENAI, (n, body) ->
                Reply.ok("{\"winner\": \"A\", \"score_a\": 0.9, \"score_b\": 0.4}"));
             ModelClients client = clientsFor(stub.baseUrl())) {
            PairwiseVerdict v = judge(client, "openai/stub-judge", true).judgePairwise("Q?", "first answer", "second answer");
            assertThat(v.failed()).isFalse();
            assertThat(v.winner()).isEqualTo("tie");
            assertThat(v.scoreA()).isCloseTo(0.65, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(stub.requestCount()).isEqualTo(2);
            String firstPrompt = stub.requests().get(0).at("/messages/1/content").asText();
            String secondPrompt = stub.requests().get(1).at("/messages/1/content").asText();
            assertThat(firstPrompt.indexOf("first answer")).isLessThan(firstPrompt.indexOf("second answer"));
            assertThat(secondPrompt.indexOf("second answer")).isLessThan(secondPrompt.indexOf("first answer"));
        }
    }

    @Test
    void pairwiseAgainstTheSimulatorPrefersTheBetterAnswerInBothOrders() {
        String prompt = "What is the capital of France, and on which river does it stand?";
        String good = models.complete(ModelRequest.inference("openai/sim-perfect", null, prompt)).text();
        String bad = models.complete(ModelRequest.inference("openai/sim-degraded", null, prompt)).text();
        LlmJudge judge = judge(models, "openai/judge-sim", true);
        assertThat(judge.judgePairwise(prompt, good, bad).winner()).isEqualTo("A");
        PairwiseVerdict swapped = judge.judgePairwise(prompt, bad, good);
        assertThat(swapped.winner()).isEqualTo("B");
        assertThat(swapped.scoreB()).isGreaterThan(swapped.scoreA());
    }

    @Test
    void createdFromTheProjectConfig(@TempDir Path dir) throws Exception {
        DriftgateConfig config = new ConfigLoader().load(Path.of("../config"));
        LlmJudge judge = LlmJudge.create(config, Path.of("../config"), models);
        assertThat(judge.rubricVersion()).isEqualTo(config.scorer().judge().rubricTemplateVersion());
        Files.writeString(dir.resolve("v9.txt"), "no marker here {{question}}");
        Files.writeString(dir.resolve("v9-pairwise.txt"), "x");
        assertThatThrownBy(() -> RubricTemplate.load(dir, "v9")).hasMessageContaining("v9.txt lacks [driftgate-judge:rubric]");
        assertThatThrownBy(() -> RubricTemplate.load(dir, "v10")).hasMessageContaining("v10.txt");
        assertThatThrownBy(() -> RubricTemplate.load(dir, "../etc/passwd")).hasMessageContaining("plain file name");
    }
}
