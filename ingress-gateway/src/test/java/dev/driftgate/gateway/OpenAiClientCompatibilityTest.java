package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real OpenAI client library (LangChain4j's OpenAI models) pointed at the gateway's base URL
 * gets its answers, blocking and streaming, with an API key when auth is on.
 */
class OpenAiClientCompatibilityTest {
    private static OpenAiStub model;
    private static GatewayUnderTest gateway;

    @BeforeAll
    static void start() throws Exception {
        model = new OpenAiStub();
        gateway = GatewayUnderTest.withoutKafka(model.baseUrl(), Map.of("driftgate.gateway.api-keys", "app-key"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        model.close();
    }

    private static String baseUrl() {
        return gateway.uri("/v1").toString();
    }

    @Test
    void blockingChatThroughTheGateway() {
        OpenAiChatModel client = OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey("app-key")
                .modelName("gpt-4o-mini").timeout(Duration.ofSeconds(20)).maxRetries(0).build();
        ChatResponse response = client.chat(SystemMessage.from("Be brief."),
                UserMessage.from("What is the capital of France?"));
        assertThat(response.aiMessage().text()).isEqualTo(OpenAiStub.answerTo("What is the capital of France?"));
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(7);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(5);
        assertThat(response.metadata().modelName()).isEqualTo("openai/sim-good");
    }

    @Test
    void streamingChatThroughTheGateway() throws Exception {
        OpenAiStreamingChatModel client = OpenAiStreamingChatModel.builder().baseUrl(baseUrl()).apiKey("app-key")
                .modelName("gpt-4o-mini").timeout(Duration.ofSeconds(20)).build();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        StringBuilder partials = new StringBuilder();
        client.chat("Name three primes.", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                partials.append(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get(20, TimeUnit.SECONDS);
        assertThat(partials.toString()).isEqualTo(OpenAiStub.answerTo("Name three primes."));
        assertThat(response.aiMessage().text()).isEqualTo(OpenAiStub.answerTo("Name three primes."));
    }

    @Test
    void wrongKeyIsRefusedToTheClient() {
        OpenAiChatModel client = OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey("wrong")
                .modelName("gpt-4o-mini").timeout(Duration.ofSeconds(20)).maxRetries(0).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.chat("hello"))
                .hasMessageContaining("401");
    }
}
