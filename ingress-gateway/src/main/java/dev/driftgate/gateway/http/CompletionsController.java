package dev.driftgate.gateway.http;

import dev.driftgate.gateway.ChatService;
import dev.driftgate.gateway.config.GatewaySettings;
import dev.driftgate.gateway.model.ModelAnswer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * POST /v1/chat/completions, OpenAI-compatible: an app using any OpenAI SDK gets shadow
 * evaluation by changing its base URL. {@code stream: true} is answered as server-sent events
 * (role, content and finish chunks, then {@code [DONE]}) once the production answer is complete.
 */
@Controller
public final class CompletionsController {
    private final ChatService service;
    private final GatewaySettings settings;
    private final JsonMapper json;

    public CompletionsController(ChatService service, GatewaySettings settings, JsonMapper json) {
        this.service = service;
        this.settings = settings;
        this.json = json;
    }

    @Post(uri = "/v1/chat/completions", consumes = MediaType.ALL,
            produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
    @ExecuteOn(TaskExecutors.BLOCKING)
    @ModelCall
    public HttpResponse<?> complete(@Nullable @Header(HttpHeaders.CONTENT_TYPE) String contentType,
                                    @Nullable @Body byte[] body) {
        CompletionRequest request = CompletionRequest.parse(contentType, body, settings.maxPromptBytes());
        ChatService.Outcome outcome = service.handle(request.prompt(), request.conversation(), request.category(),
                ChatService.COMPLETIONS_ENDPOINT);
        String id = "chatcmpl-" + outcome.requestId();
        long created = System.currentTimeMillis() / 1000;
        ModelAnswer answer = outcome.answer();
        if (request.stream()) {
            return HttpResponse.ok(sse(id, created, answer)).contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
        }
        Completion.Response response = new Completion.Response(id, "chat.completion", created, answer.model(),
                List.of(new Completion.Choice(0, new Completion.Message("assistant", answer.text()),
                        answer.finishReason())),
                new Completion.Usage(answer.inputTokens(), answer.outputTokens(),
                        answer.inputTokens() + answer.outputTokens()));
        return HttpResponse.ok(response).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private byte[] sse(String id, long created, ModelAnswer answer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(answer.text().length() + 512);
        event(out, chunk(id, created, answer, new Completion.Delta("assistant", null), null));
        event(out, chunk(id, created, answer, new Completion.Delta(null, answer.text()), null));
        event(out, chunk(id, created, answer, new Completion.Delta(null, null), answer.finishReason()));
        out.writeBytes("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static Completion.Chunk chunk(String id, long created, ModelAnswer answer, Completion.Delta delta,
                                          String finish) {
        return new Completion.Chunk(id, "chat.completion.chunk", created, answer.model(),
                List.of(new Completion.ChunkChoice(0, delta, finish)));
    }

    private void event(ByteArrayOutputStream out, Object chunk) {
        try {
            out.writeBytes("data: ".getBytes(StandardCharsets.UTF_8));
            out.writeBytes(json.writeValueAsBytes(chunk));
            out.writeBytes("\n\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
