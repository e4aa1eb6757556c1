package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.shadow.CandidateOverrides;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Event -> candidate request through the job's real client factory (LangChain4j over HTTP) to a
 * recording OpenAI server: a schema-2 event's messages and parameters reach the candidate as the
 * event recorded them (the gateway half, production's body = the event, is ShadowEventV2Test),
 * overrides change only what they name and are recorded, and a schema-1 event still gets the prompt.
 */
class CandidateReplayTest {
    static final String V2 = """
            {"event_id":"e2","ts":1000,"prompt":"and a larger one?","prompt_hash":5,"category":"reasoning",
             "prod_model":"openai/sim-good","prod_response":"11","prod_latency_ms":9,
             "candidate_model":"openai/cand","schema_version":2,
             "messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"name a prime"},
                         {"role":"assistant","content":"7"},{"role":"user","content":"and a larger one?"}],
             "params":{"temperature":0.3,"top_p":0.9,"max_tokens":77,"stop":["END"],"seed":42,
                       "response_format":"json_object","tools_present":false},
             "usage":{"input_tokens":20,"output_tokens":1},"endpoint":"/v1/chat/completions"}""";
    private static RecordingOpenAiServer server;
    private static LlmScoringComponents components;

    @BeforeAll
    static void start() throws Exception {
        server = new RecordingOpenAiServer();
        components = new LlmScoringComponents("../config", Map.of("OPENAI_BASE_URL", server.baseUrl()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode send(String payload, Map<String, CandidateOverrides> overrides) throws Exception {
        ShadowEventParser.Result parsed = new ShadowEventParser().parse(payload);
        assertThat(parsed.reason()).isNull();
        ShadowItem item = new ShadowItemSteps.Start(overrides).map(new ParsedEvent(parsed.event(),
                new RawRecord("t", 0, 0, 0, payload)));
        try (ModelClient client = components.candidateClients().create()) {
            client.complete(new ShadowItemSteps.CandidateRequest().request(item));
        }
        return server.bodies.get(server.bodies.size() - 1);
    }

    @Test
    void theCandidateGetsProductionsMessagesAndParameters() throws Exception {
        JsonNode body = send(V2, Map.of());
        assertThat(body.get("model").asText()).isEqualTo("cand");
        assertThat(body.get("messages").toString()).isEqualTo("[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                + "{\"role\":\"user\",\"content\":\"name a prime\"},{\"role\":\"assistant\",\"content\":\"7\"},"
                + "{\"role\":\"user\",\"content\":\"and a larger one?\"}]");
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.path("max_tokens").asInt(body.path("max_completion_tokens").asInt())).isEqualTo(77);
        assertThat(body.get("stop").toString()).isEqualTo("[\"END\"]");
        assertThat(body.get("seed").asInt()).isEqualTo(42);
        assertThat(body.get("response_format").get("type").asText()).isEqualTo("json_object");
    }

    @Test
    void overridesChangeOnlyWhatTheyNameAndAreRecorded() throws Exception {
        CandidateOverrides o = new CandidateOverrides("You are the new prompt.", 0.9, null, null);
        JsonNode body = send(V2, Map.of("openai/cand", o));
        assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo("You are the new prompt.");
        assertThat(body.get("messages")).hasSize(4);
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.9);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
        ShadowItem item = new ShadowItemSteps.Start(Map.of("openai/cand", o)).map(new ParsedEvent(
                new ShadowEventParser().parse(V2).event(), new RawRecord("t", 0, 0, 0, V2)));
        assertThat(ShadowJdbcSinks.overridesJson(item.candidate()))
                .isEqualTo("{\"system_prompt\":\"You are the new prompt.\",\"temperature\":0.9}");
        assertThat(item.candidate().requestSchema()).isEqualTo(2);
    }

    @Test
    void aSchemaOneEventStillGetsThePromptAlone() throws Exception {
        JsonNode body = send(ShadowEventParserTest.json("e1", 1000).replace("openai/sim-candidate", "openai/cand"),
                Map.of());
        assertThat(body.get("messages")).hasSize(1);
        assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo("What is 2+2?");
        assertThat(List.of(body.get("model").asText())).containsExactly("cand");
    }
}
