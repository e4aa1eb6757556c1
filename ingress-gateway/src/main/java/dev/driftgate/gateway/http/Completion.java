package dev.driftgate.gateway.http;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/** The OpenAI chat.completion object (non-streaming) and chat.completion.chunk (streaming). */
final class Completion {
    private Completion() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Response(String id, String object, long created, String model, List<Choice> choices, Usage usage) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Choice(int index, Message message, String finishReason) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Message(String role, String content) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Usage(int promptTokens, int completionTokens, int totalTokens) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Chunk(String id, String object, long created, String model, List<ChunkChoice> choices) {
    }

    /** The last chunk when the client asked for {@code stream_options.include_usage}: no choices. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record UsageChunk(String id, String object, long created, String model, List<ChunkChoice> choices, Usage usage) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record ChunkChoice(int index, Delta delta, String finishReason) {
    }

    @Serdeable
    record Delta(String role, String content) {
    }
}
