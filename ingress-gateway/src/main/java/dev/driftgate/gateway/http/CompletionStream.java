package dev.driftgate.gateway.http;

import dev.driftgate.core.text.Redaction;
import dev.driftgate.gateway.model.ModelAnswer;
import dev.driftgate.gateway.model.ModelCallFailed;
import dev.driftgate.gateway.model.StreamListener;
import io.micronaut.http.sse.Event;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One {@code stream: true} completion as OpenAI chat.completion.chunk events: a role chunk with the
 * first token, a content chunk per token as the model produces it, a finish chunk (and a usage chunk
 * when {@code stream_options.include_usage} asks for one), then {@code [DONE]}.
 *
 * <p>The response is committed only once the first token has arrived ({@link #started()}), so a
 * model that fails before answering still gets the client a 502 problem, as without streaming. A
 * failure after that cannot change the status any more: the stream ends with an OpenAI-style
 * {@code error} event and without {@code [DONE]}, which the OpenAI SDKs raise as an error.
 */
final class CompletionStream implements StreamListener {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionStream.class);
    private static final String DONE = "[DONE]";
    // unicast buffers what arrives before the server subscribes (tokens come before the response exists)
    private final Sinks.Many<Event<String>> sink = Sinks.many().unicast().onBackpressureBuffer();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final ChunkFormat format;
    private final boolean includeUsage;
    private final ModelCallPermit permit;
    private boolean roleSent;

    /** What every chunk of one completion repeats. */
    record ChunkFormat(String id, long created, String model, JsonMapper json) {
        String chunk(Completion.Delta delta, String finishReason) {
            return write(new Completion.Chunk(id, "chat.completion.chunk", created, model,
                    List.of(new Completion.ChunkChoice(0, delta, finishReason))));
        }

        String usage(ModelAnswer answer) {
            return write(new Completion.UsageChunk(id, "chat.completion.chunk", created, model, List.of(),
                    new Completion.Usage(answer.inputTokens(), answer.outputTokens(),
                            answer.inputTokens() + answer.outputTokens())));
        }

        String write(Object value) {
            try {
                return json.writeValueAsString(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    CompletionStream(ChunkFormat format, boolean includeUsage, ModelCallPermit permit) {
        this.format = format;
        this.includeUsage = includeUsage;
        this.permit = permit;
    }

    /** Completes with the first token or the end of an empty answer; fails when the model failed first. */
    CompletableFuture<Void> started() {
        return started;
    }

    /** The events for the response; {@code onCancel} runs when the client goes away mid-stream. */
    Publisher<Event<String>> events(Runnable onCancel) {
        return Flux.from(sink.asFlux()).doOnCancel(() -> {
            onCancel.run();
            permit.release();
        });
    }

    @Override
    public void token(String text) {
        sendRole();
        emit(format.chunk(new Completion.Delta(null, text), null));
        started.complete(null);
    }

    @Override
    public void completed(ModelAnswer answer) {
        permit.release();
        sendRole();
        emit(format.chunk(new Completion.Delta(null, null), answer.finishReason()));
        if (includeUsage) {
            emit(format.usage(answer));
        }
        emit(DONE);
        sink.tryEmitComplete();
        started.complete(null);
    }

    @Override
    public void failed(Throwable error) {
        permit.release();
        if (started.completeExceptionally(error)) {
            return; // nothing sent yet: the controller answers with a problem
        }
        String detail = error instanceof ModelCallFailed f ? f.failure().detail() : "the production model call failed";
        LOG.warn("production model failed mid-stream, stream ended with an error event: {}",
                Redaction.redact(String.valueOf(error.getMessage())));
        emit(format.write(Map.of("error", Map.of("message", detail, "type", "upstream_error"))));
        sink.tryEmitComplete();
    }

    private void sendRole() {
        if (!roleSent) {
            roleSent = true;
            emit(format.chunk(new Completion.Delta("assistant", ""), null));
        }
    }

    private void emit(String data) {
        sink.tryEmitNext(Event.of(data));
    }
}
