package dev.driftgate.gateway.model;

import dev.driftgate.core.llm.Conversation;
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
import java.util.Map;

/**
 * The production model through core's {@link ModelClient} (the same LangChain4j stack the batch
 * and shadow jobs use: openai/, anthropic/, ollama/ model strings), sent as a replay of the whole
 * conversation (core's {@code ChatRequests}, as the shadow job sends the candidate). Multi-turn
 * OpenAI conversations go to {@code multiTurn} (the LangChain4j OpenAI client, built from the same
 * {@code ChatRequests}), which reports the finish reason. No retries: a client is waiting.
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
    public ModelAnswer answer(Conversation conversation) {
        boolean singleTurn = conversation.messages().stream().filter(t -> !t.inSystemRole()).count() == 1;
        if (!singleTurn && multiTurn != null) {
            return multiTurn.answer(conversation);
        }
        ModelResponse response;
        try {
            response = client.complete(ModelRequest.replay(modelString, conversation));
        } catch (ModelCallException e) {
            throw new ModelCallException("production model " + modelString + " failed: " + e.getMessage(),
                    e.retryable(), e.attempts(), e);
        }
        return new ModelAnswer(response.text(), modelString, response.inputTokens(), response.outputTokens(), "stop");
    }

    /** OpenAI-compatible endpoints stream from the upstream; other providers answer as one token. */
    @Override
    public StreamHandle stream(Conversation conversation, StreamListener listener) {
        return multiTurn != null ? multiTurn.stream(conversation, listener)
                : ProductionModel.super.stream(conversation, listener);
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
