package dev.driftgate.gateway.model;

import dev.driftgate.core.llm.LlmSettings;
import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelClients;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.ModelResponse;
import dev.driftgate.core.llm.PriceTable;
import dev.driftgate.core.http.RetryPolicy;
import dev.driftgate.gateway.config.GatewaySettings.ModelEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The production model through core's {@link ModelClient} (the same LangChain4j stack the batch
 * and shadow jobs use: openai/, anthropic/, ollama/ model strings). Core's request carries one
 * system prompt and one user prompt, which is what /chat and single-turn OpenAI calls are;
 * multi-turn conversations go to {@code multiTurn} (the LangChain4j OpenAI client with every
 * message) so no earlier turn is lost. No retries: a client is waiting, a failure is a 502 now.
 */
public final class CoreModelClientModel implements ProductionModel {
    private final ModelClient client;
    private final String modelString;
    private final ProductionModel multiTurn;

    public CoreModelClientModel(ModelClient client, String modelString, ProductionModel multiTurn) {
        this.client = client;
        this.modelString = modelString;
        this.multiTurn = multiTurn;
    }

    /** Core's client stack pointed at the endpoint's base URL and key, with retries off. */
    public static CoreModelClientModel create(ModelEndpoint endpoint) {
        String modelString = endpoint.provider() + "/" + endpoint.modelName();
        String prefix = endpoint.provider().toUpperCase();
        Map<String, String> env = Map.of(prefix + "_BASE_URL", endpoint.baseUrl().toString(),
                prefix + "_API_KEY", endpoint.apiKey());
        LlmSettings settings = LlmSettings.from(Duration.ofMillis(endpoint.timeoutMs()), RetryPolicy.of(0), env);
        ModelClients clients = new ModelClients(settings, new PriceTable(Map.of()));
        clients.stack(modelString); // a bad model string or missing key fails at start, not on a request
        ProductionModel multiTurn = endpoint.provider().equals("openai") ? new OpenAiCompatibleModel(endpoint) : null;
        return new CoreModelClientModel(clients, modelString, multiTurn);
    }

    @Override
    public ModelAnswer answer(List<ChatTurn> conversation, Double temperature, Integer maxTokens) {
        List<ChatTurn> users = conversation.stream().filter(t -> t.role().equals("user")).toList();
        boolean singleTurn = users.size() == 1 && conversation.stream().noneMatch(t -> t.role().equals("assistant"));
        if (!singleTurn && multiTurn != null) {
            return multiTurn.answer(conversation, temperature, maxTokens);
        }
        String system = conversation.stream().filter(t -> t.role().equals("system") || t.role().equals("developer"))
                .map(ChatTurn::content).collect(Collectors.joining("\n\n"));
        String prompt = singleTurn ? users.get(0).content() : transcript(conversation);
        ModelRequest request = new ModelRequest(modelString, system.isEmpty() ? null : system, prompt,
                temperature == null ? 0.0 : temperature, maxTokens == null ? 0 : maxTokens, false, "inference",
                Map.of());
        ModelResponse response;
        try {
            response = client.complete(request);
        } catch (ModelCallException e) {
            throw new ModelCallException("production model " + modelString + " failed: " + e.getMessage(),
                    e.retryable(), e.attempts(), e);
        }
        return new ModelAnswer(response.text(), modelString, response.inputTokens(), response.outputTokens(), "stop");
    }

    /** Providers without a multi-turn path see earlier turns as a labelled transcript. */
    private static String transcript(List<ChatTurn> conversation) {
        return conversation.stream().filter(t -> !t.role().equals("system") && !t.role().equals("developer"))
                .map(t -> t.role() + ": " + t.content()).collect(Collectors.joining("\n\n"));
    }

    @Override
    public String modelString() {
        return modelString;
    }

    @Override
    public void close() {
        client.close();
        if (multiTurn != null) {
            multiTurn.close();
        }
    }
}
