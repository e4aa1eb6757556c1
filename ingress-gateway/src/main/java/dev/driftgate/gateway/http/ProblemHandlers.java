package dev.driftgate.gateway.http;

import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.core.text.Redaction;
import dev.driftgate.gateway.model.ModelCallFailed;
import dev.driftgate.gateway.model.UpstreamFailure;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import dev.driftgate.gateway.otlp.OtlpController;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.exceptions.response.HateoasErrorResponseProcessor;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error leaves the gateway as RFC 9457 problem+json: bad input 400, bad key 401, model
 * failure 502, overload 503, and the framework's own errors (404, 405, 413, 500...) too. Details are
 * product words: stack traces, class names and the upstream model's own error text stay in the log.
 */
final class ProblemHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandlers.class);

    private ProblemHandlers() {
    }

    static MutableHttpResponse<byte[]> respond(JsonMapper json, Problem problem) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (IOException e) {
            body = ("{\"title\":\"error\",\"status\":" + problem.status() + "}").getBytes();
        }
        return HttpResponse.<byte[]>status(HttpStatus.valueOf(problem.status())).body(body)
                .contentType(Problem.MEDIA_TYPE);
    }

    @Singleton
    @Produces
    static final class BadInput implements ExceptionHandler<ProblemException, HttpResponse<?>> {
        private final JsonMapper json;

        BadInput(JsonMapper json) {
            this.json = json;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, ProblemException exception) {
            return respond(json, exception.problem());
        }
    }

    @Singleton
    @Produces
    static final class ModelFailure implements ExceptionHandler<ModelCallException, HttpResponse<?>> {
        private final JsonMapper json;

        ModelFailure(JsonMapper json) {
            this.json = json;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, ModelCallException exception) {
            LOG.warn("production model call failed: {}", Redaction.redact(exception.getMessage()));
            return respond(json, Problem.modelFailed(UpstreamFailure.classify(exception).detail()));
        }
    }

    /** The upstream's text goes to the log; the client gets the failure's kind in product words. */
    @Singleton
    @Produces
    static final class ClassifiedModelFailure implements ExceptionHandler<ModelCallFailed, HttpResponse<?>> {
        private final JsonMapper json;

        ClassifiedModelFailure(JsonMapper json) {
            this.json = json;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, ModelCallFailed exception) {
            LOG.warn("production model call failed ({}): {}", exception.failure().kind(),
                    Redaction.redact(exception.getMessage()));
            return respond(json, Problem.modelFailed(exception.failure().detail()));
        }
    }

    /** The framework's errors (route not found, method not allowed, unhandled exceptions). */
    @Singleton
    @Replaces(HateoasErrorResponseProcessor.class)
    static final class FrameworkErrors implements ErrorResponseProcessor<byte[]> {
        private final JsonMapper json;

        FrameworkErrors(JsonMapper json) {
            this.json = json;
        }

        @Override
        public MutableHttpResponse<byte[]> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
            int status = response.code();
            String detail = context.getErrors().isEmpty() ? response.reason()
                    : context.getErrors().get(0).getMessage();
            context.getRootCause().ifPresent(cause -> {
                if (status >= 500) {
                    LOG.error("request {} {} failed", context.getRequest().getMethod(),
                            context.getRequest().getPath(), cause);
                }
            });
            if (OtlpController.handles(context.getRequest())) {
                // OTLP exporters expect a google.rpc.Status, e.g. for a body over max-request-size (413)
                return OtlpController.frameworkError(context.getRequest(), status, ProblemText.scrub(detail));
            }
            Problem problem = Problem.ofStatus(status, response.reason(), ProblemText.scrub(detail));
            byte[] body;
            try {
                body = json.writeValueAsBytes(problem);
            } catch (IOException e) {
                body = new byte[0];
            }
            return response.contentType(Problem.MEDIA_TYPE).body(body);
        }
    }
}
