package dev.driftgate.gateway.model;

import dev.driftgate.core.llm.Conversation;

/**
 * A zero-latency in-process model (provider {@code echo}) that answers with the last user message.
 * It exists to measure the gateway's own overhead in benchmarks, without a second HTTP hop; it is
 * chosen only by an explicit {@code production_model: echo/...}.
 */
public final class EchoModel implements ProductionModel {
    private final String modelString;

    public EchoModel(String modelName) {
        this.modelString = "echo/" + modelName;
    }

    @Override
    public ModelAnswer answer(Conversation conversation) {
        String last = conversation.lastUserMessage() == null ? "" : conversation.lastUserMessage();
        int tokens = Math.max(1, last.length() / 4);
        return new ModelAnswer(last, modelString, tokens, tokens, "stop");
    }

    @Override
    public String modelString() {
        return modelString;
    }
}
