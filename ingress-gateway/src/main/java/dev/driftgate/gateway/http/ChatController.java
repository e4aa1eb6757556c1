package dev.driftgate.gateway.http;

import dev.driftgate.gateway.ChatService;
import dev.driftgate.gateway.config.GatewaySettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** POST /chat: {@code {prompt, category?, metadata?}} -> {@code {request_id, response, model, latency_ms}}. */
@Controller
public final class ChatController {
    private final ChatService service;
    private final GatewaySettings settings;

    public ChatController(ChatService service, GatewaySettings settings) {
        this.service = service;
        this.settings = settings;
    }

    @Post(uri = "/chat", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @ModelCall
    public ChatResponse chat(@Nullable @Header(HttpHeaders.CONTENT_TYPE) String contentType,
                             @Nullable @Body byte[] body) {
        ChatRequest request = ChatRequest.parse(contentType, body, settings.maxPromptBytes());
        ChatService.Outcome outcome = service.chat(request.prompt(), request.category(), settings.systemPrompt());
        return new ChatResponse(outcome.requestId(), outcome.answer().text(), outcome.answer().model(),
                outcome.latencyMs());
    }
}
