package dev.driftgate.core.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * The one translation of a {@link Conversation} into a LangChain4j {@link ChatRequest}: the gateway
 * uses it for the production call and the shadow job for the candidate call, so "the same request"
 * is true by construction. Parameters that were not given stay unset (provider default).
 */
public final class ChatRequests {
    private ChatRequests() {
    }

    /**
     * @param openAi             seed is an OpenAI parameter; other providers do not get it
     * @param supportsJsonFormat whether the provider accepts a JSON response format
     */
    public static ChatRequest of(Conversation conversation, boolean openAi, boolean supportsJsonFormat) {
        SamplingParams p = conversation.params();
        DefaultChatRequestParameters.Builder<?> params = openAi
                ? OpenAiChatRequestParameters.builder().seed(p.seed())
                : DefaultChatRequestParameters.builder();
        params.temperature(p.temperature()).topP(p.topP()).maxOutputTokens(p.maxTokens());
        if (p.stop() != null && !p.stop().isEmpty()) {
            params.stopSequences(p.stop());
        }
        if (p.jsonResponse() && supportsJsonFormat) {
            params.responseFormat(ResponseFormat.JSON);
        }
        return ChatRequest.builder().messages(messages(conversation.messages())).parameters(params.build()).build();
    }

    static List<ChatMessage> messages(List<ChatTurn> turns) {
        List<ChatMessage> messages = new ArrayList<>(turns.size());
        for (ChatTurn turn : turns) {
            switch (turn.role()) {
                case "system", "developer" -> messages.add(SystemMessage.from(turn.content()));
                case "assistant" -> messages.add(AiMessage.from(turn.content()));
                case "user" -> messages.add(UserMessage.from(turn.content()));
                default -> throw new IllegalArgumentException("unknown role " + turn.role());
            }
        }
        return messages;
    }
}
