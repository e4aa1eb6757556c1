package dev.driftgate.gateway.otlp;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Locale;

/**
 * OTLP/HTTP receiver, behind the gateway's bearer auth like every path: traces ({@code POST /v1/traces})
 * and logs ({@code POST /v1/logs}, where some instrumentations put the GenAI message content; see
 * {@link ContentJoin}). Both answer as the OTLP specification asks: 200 with an Export*ServiceResponse
 * (partial success with the rejected count when some items had invalid ids) in the request's encoding;
 * 400 (malformed), 413 (too large once decompressed) and 415 (unknown Content-Type or Content-Encoding)
 * with a google.rpc.Status body. Exporters do not retry these codes, which is right: the same bytes
 * would fail again.
 */
@Controller
public final class OtlpController {
    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";
    /** google.rpc.Code INVALID_ARGUMENT: every refusal here is about the request itself. */
    private static final int INVALID_ARGUMENT = 3;
    private final OtlpIngest ingest;
    private final OtlpBodies bodies;

    public OtlpController(OtlpIngest ingest, OtlpBodies bodies) {
        this.ingest = ingest;
        this.bodies = bodies;
    }

    /** One signal's decoding, handling and response, for either encoding. */
    private interface Signal {
        /** Decodes the request, hands it to the ingest and returns the response body. */
        byte[] receive(byte[] raw, boolean protobuf) throws MalformedOtlp;
    }

    @Post(uri = OtlpIngest.ENDPOINT, consumes = MediaType.ALL, produces = MediaType.ALL)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<byte[]> export(@Nullable @Header(HttpHeaders.CONTENT_TYPE) String contentType,
                                       @Nullable @Header(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
                                       @Nullable @Body byte[] body) {
        return receive(contentType, contentEncoding, body, (raw, protobuf) -> OtlpExport.traces(ingest, raw, protobuf));
    }

    @Post(uri = OtlpIngest.LOGS_ENDPOINT, consumes = MediaType.ALL, produces = MediaType.ALL)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<byte[]> exportLogs(@Nullable @Header(HttpHeaders.CONTENT_TYPE) String contentType,
                                           @Nullable @Header(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
                                           @Nullable @Body byte[] body) {
        return receive(contentType, contentEncoding, body, (raw, protobuf) -> OtlpExport.logs(ingest, raw, protobuf));
    }

    private HttpResponse<byte[]> receive(String contentType, String contentEncoding, byte[] body, Signal signal) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean protobuf = type.equals(PROTOBUF);
        if (!protobuf && !type.equals(JSON)) {
            return error(415, false, "Content-Type must be " + PROTOBUF + " or " + JSON);
        }
        try {
            byte[] raw = bodies.decode(body == null ? new byte[0] : body, contentEncoding);
            return HttpResponse.ok(signal.receive(raw, protobuf)).contentType(protobuf ? PROTOBUF : JSON);
        } catch (OtlpBodies.UnsupportedEncoding e) {
            return error(415, protobuf, e.getMessage());
        } catch (OtlpBodies.TooLarge e) {
            return error(413, protobuf, e.getMessage());
        } catch (MalformedOtlp e) {
            return error(400, protobuf, e.getMessage());
        }
    }

    /** True for requests to this receiver, whose errors must be OTLP bodies even when the framework raised them. */
    public static boolean handles(HttpRequest<?> request) {
        String path = request.getPath();
        return OtlpIngest.ENDPOINT.equals(path) || OtlpIngest.LOGS_ENDPOINT.equals(path);
    }

    /** The framework's own refusal (e.g. 413 over max-request-size) as a google.rpc.Status. */
    public static MutableHttpResponse<byte[]> frameworkError(HttpRequest<?> request, int status, String message) {
        String type = request.getContentType().map(t -> t.getName()).orElse("");
        return error(status, type.equalsIgnoreCase(PROTOBUF), message);
    }

    /** A google.rpc.Status in the request's encoding (JSON when the encoding itself was not understood). */
    static MutableHttpResponse<byte[]> error(int status, boolean protobuf, String message) {
        byte[] body = protobuf ? OtlpProtobuf.status(INVALID_ARGUMENT, message)
                : OtlpJson.status(INVALID_ARGUMENT, message);
        return HttpResponse.<byte[]>status(io.micronaut.http.HttpStatus.valueOf(status)).body(body)
                .contentType(protobuf ? PROTOBUF : JSON);
    }
}
