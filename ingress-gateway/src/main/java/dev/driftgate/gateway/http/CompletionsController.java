package dev.driftgate.gateway.http;

import dev.driftgate.gateway.ChatService;
import dev.driftgate.gateway.config.GatewaySettings;
import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.gateway.model.ModelAnswer;
import dev.driftgate.gateway.model.ModelCallFailed;
import dev.driftgate.gateway.model.StreamHandle;
import dev.driftgate.gateway.model.UpstreamFailure;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POST /v1/chat/completions, OpenAI-compatible: an app using any OpenAI SDK gets shadow
 * evaluation by changing its base URL. {@code stream: true} is answered as server-sent events that
 * carry each token as the production model produces it ({@link CompletionStream}).
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
    public HttpResponse<?> complete(HttpRequest<?> httpRequest,
                                    @Nullable @Header(HttpHeaders.CONTENT_TYPE) String contentType,
                                    @Nullable @Body byte[] body) {
        CompletionRequest request = CompletionRequest.parse(contentType, body, settings.maxPromptBytes());
        if (request.stream()) {
            return stream(httpRequest, request);
        }
        ChatService.Outcome outcome = service.handle(request.prompt(), request.conversation(), request.category(),
                ChatService.COMPLETIONS_ENDPOINT);
        long created = System.currentTimeMillis() / 1000;
        ModelAnswer answer = outcome.answer();
        Completion.Response response = new Completion.Response("chatcmpl-" + outcome.requestId(), "chat.completion",
                created, answer.model(),
                List.of(new Completion.Choice(0, new Completion.Message("assistant", answer.text()),
                        answer.finishReason())),
                new Completion.Usage(answer.inputTokens(), answer.outputTokens(),
                        answer.inputTokens() + answer.outputTokens()));
        return HttpResponse.ok(response).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /**
     * Starts the upstream stream and waits (on this blocking thread) only for its first token, so a
     * model that fails before answering is still a 502. The model-call permit stays taken until the
     * upstream stream ends or the client goes away, which keeps the concurrency bound honest.
     */
    private HttpResponse<?> stream(HttpRequest<?> httpRequest, CompletionRequest request) {
        ModelCallPermit permit = ModelCallPermit.claim(httpRequest).orElseThrow(
                () -> new IllegalStateException("a model call without a permit from ModelCallLimiter"));
        String requestId = ChatService.randomUuid();
        CompletionStream stream = new CompletionStream(new CompletionStream.ChunkFormat("chatcmpl-" + requestId,
                System.currentTimeMillis() / 1000, service.modelString(), json), request.includeUsage(), permit);
        StreamHandle upstream = StreamHandle.NONE;
        try {
            upstream = service.stream(requestId, request.prompt(), request.conversation(), request.category(),
                    ChatService.COMPLETIONS_ENDPOINT, stream);
            stream.started().get(settings.model().timeoutMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            permit.release();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            upstream.cancel();
            permit.release();
            throw new ModelCallFailed(new UpstreamFailure.Classified(UpstreamFailure.TIMEOUT, 0),
                    new ModelCallException("no first token within the model timeout", true, 1, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            upstream.cancel();
            permit.release();
            throw new IllegalStateException("interrupted while waiting for the first token", e);
        } catch (RuntimeException e) {
            upstream.cancel();
            permit.release();
            throw e;
        }
        return HttpResponse.ok(stream.events(upstream::cancel)).contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
    }
}
