package dev.driftgate.local.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.driftgate.core.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible chat server (on 127.0.0.1 unless told otherwise) for demos, tests and
 * benchmarks, so the real LangChain4j client path runs without keys or network. Serves POST
 * /v1/chat/completions (honours response_format json_object and max_tokens; {@code stream: true}
 * sends the answer word by word as chat.completion.chunk events) and GET /v1/models. With a
 * {@link #setTokenDelayMs per-word delay} the simulator plays a model that is slow to finish: a
 * streamed answer sends each word that long after the previous one, a blocking answer waits for all
 * of them, so streaming and blocking clients can be compared on the same model.
 *
 * <p>Content is a pure function of (model, messages). Errors and judge-output damage are drawn per
 * attempt: the n-th request for the same (model, messages) always gets the same fate, so a retry can
 * succeed where the first try failed, and a fresh simulator replays the same sequence.
 */
public final class LlmSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LlmSimulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server closes keep-alive connections beyond 200 idle ones; clients that then reuse
        // a closed connection fail a POST (not retried). Benchmarks open more than 200 connections.
        // Read once when the server classes load, so it must be set before the first HttpServer.
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        }
        // Headers and body go out in separate writes: without TCP_NODELAY, Nagle plus delayed ACK
        // add ~40 ms to every keep-alive request (measured: 20 sequential requests/s instead of 1000s).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorConfig config;
    private final ReferenceAnswers references;
    private final Map<Long, AtomicInteger> attemptsByKey = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private volatile Long latencyOverrideMs;
    private volatile boolean faultsEnabled = true;
    private volatile ServerRateLimit requestsPerMinute;
    private volatile long tokenDelayMs;
    private String host = "127.0.0.1";
    private HttpServer server;
    private ExecutorService executor;

    public LlmSimulator(SimulatorConfig config, ReferenceAnswers references) {
        this.config = config;
        this.references = references;
    }

    /**
     * Loads the config file and, when it names one, the golden dataset (relative to {@code baseDir}).
     * A dataset that cannot be read is a config error (ConfigException: invalid input, exit 1 in the
     * CLI), not a failure to decide.
     */
    public static LlmSimulator fromConfig(Path configFile, Path baseDir) {
        SimulatorConfig config = SimulatorConfig.load(configFile);
        ReferenceAnswers refs;
        try {
            refs = config.dataset() == null ? ReferenceAnswers.none()
                    : ReferenceAnswers.load(baseDir.resolve(config.dataset()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(configFile.toString(), "dataset", 0, e.getMessage());
        }
        return new LlmSimulator(config, refs);
    }

    /** Binds to 127.0.0.1:{@code port} (0 picks a free port) and starts serving. */
    public LlmSimulator start(int port) {
        return start("127.0.0.1", port);
    }

    /**
     * Binds to {@code host}:{@code port} and starts serving. Loopback is the default because the
     * simulator has no auth; a container needs {@code 0.0.0.0} so other containers can reach it.
     */
    public LlmSimulator start(String host, int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 1024);
        } catch (IOException e) {
            throw new IllegalStateException("simulator cannot bind " + host + ":" + port + ": " + e.getMessage(), e);
        }
        this.host = host;
        // Handlers sleep to simulate latency, so each in-flight request needs its own thread
        // (Java 17: no virtual threads). A fixed pool bounds memory; excess requests queue.
        executor = Executors.newFixedThreadPool(config.threads(), daemonThreads());
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::handleChat);
        server.createContext("/v1/models", this::handleModels);
        server.start();
        LOG.info("LLM simulator listening on {} with models {}", baseUrl(),
                config.models().stream().map(SimModel::name).toList());
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The OpenAI base URL, e.g. http://127.0.0.1:12345/v1 (loopback when bound to every interface). */
    public String baseUrl() {
        boolean wildcard = server.getAddress().getAddress().isAnyLocalAddress();
        String h = wildcard ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port() + "/v1";
    }

    /** The time the model takes per word after the first (0: the whole answer at once). */
    public void setTokenDelayMs(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("stream token delay must be >= 0, got " + ms);
        }
        this.tokenDelayMs = ms;
    }

    /** Overrides every model's latency (null restores the configured distributions). */
    public void setLatencyOverrideMs(Long ms) {
        this.latencyOverrideMs = ms;
    }

    /** Turns the configured 429/500 rates and judge-output damage on or off. */
    public void setFaultsEnabled(boolean enabled) {
        this.faultsEnabled = enabled;
    }

    /**
     * Enforces {@code rpm} requests per minute over all models like a provider does: a bucket of one
     * second's worth, refilled continuously; a request finding it empty gets 429 with Retry-After 1.
     * Null removes the limit.
     */
    public void setRequestsPerMinuteLimit(Integer rpm) {
        this.requestsPerMinute = rpm == null ? null : new ServerRateLimit(rpm);
    }

    public long requestCount() {
        return requests.get();
    }

    public long rateLimitedCount() {
        return rateLimited.get();
    }

    public long serverErrorCount() {
        return serverErrors.get();
    }

    public SimulatorConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }

    private void handleModels(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                sendError(exchange, 405, "invalid_request_error", "method_not_allowed", "use GET /v1/models");
                return;
            }
            ObjectNode body = JSON.createObjectNode().put("object", "list");
            ArrayNode data = body.putArray("data");
            for (SimModel m : config.models()) {
                data.addObject().put("id", m.name()).put("object", "model").put("created", 0)
                        .put("owned_by", "driftgate-sim");
            }
            send(exchange, 200, body, Map.of());
        }
    }

    private void handleChat(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            if (!"POST".equals(exchange.getRequestMethod())) {
                sendError(exchange, 405, "invalid_request_error", "method_not_allowed", "use POST");
                return;
            }
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                request = JSON.readTree(in.readAllBytes());
            } catch (IOException e) {
                sendError(exchange, 400, "invalid_request_error", "invalid_json", "request body is not JSON");
                return;
            }
            String modelName = request.path("model").asText("");
            SimModel model = config.model(modelName);
            if (model == null) {
                sendError(exchange, 404, "invalid_request_error", "model_not_found",
                        "The model '" + modelName + "' does not exist; served: "
                                + config.models().stream().map(SimModel::name).toList());
                return;
            }
            Messages messages = Messages.of(request.path("messages"));
            if (messages.user().isEmpty()) {
                sendError(exchange, 400, "invalid_request_error", "invalid_messages", "messages has no user content");
                return;
            }
            respond(exchange, request, model, messages);
        } catch (RuntimeException e) {
            LOG.warn("simulator request failed", e);
            sendError(exchange, 500, "server_error", "internal", "simulator error: " + e.getMessage());
        }
    }

    private void respond(HttpExchange exchange, JsonNode request, SimModel model, Messages messages)
            throws IOException {
        long contentSeed = SimText.seed(model.name(), messages.system(), messages.user());
        int attempt = attemptsByKey.computeIfAbsent(contentSeed, k -> new AtomicInteger()).getAndIncrement();
        SplittableRandom fate = new SplittableRandom(SimText.seed(Long.toString(contentSeed), Integer.toString(attempt)));

        ServerRateLimit rpm = requestsPerMinute;
        if (rpm != null && !rpm.tryTake()) {
            rateLimited.incrementAndGet();
            sendError(exchange, 429, "rate_limit_error", "rate_limit_exceeded",
                    "Rate limit reached: " + rpm.perMinute + " requests per minute (simulated)", Map.of("Retry-After", "1"));
            return;
        }
        double faultDraw = fate.nextDouble();
        if (faultsEnabled && faultDraw < model.rateLimitRate()) {
            rateLimited.incrementAndGet();
            sendError(exchange, 429, "rate_limit_error", "rate_limit_exceeded",
                    "Rate limit reached for " + model.name() + " (simulated)",
                    Map.of("Retry-After", Integer.toString(model.retryAfterSeconds())));
            return;
        }
        if (faultsEnabled && faultDraw < model.rateLimitRate() + model.serverErrorRate()) {
            serverErrors.incrementAndGet();
            sendError(exchange, 500, "server_error", "internal_error", "The server had an error (simulated)");
            return;
        }
        Long override = latencyOverrideMs;
        long latency = override != null ? override : model.latency().sampleMs(fate);
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }

        boolean jsonMode = "json_object".equals(request.path("response_format").path("type").asText(""));
        String all = messages.system() + "\n" + messages.user();
        String text;
        if (SimJudgeResponder.isJudgePrompt(all)) {
            text = SimJudgeResponder.respond(all, references, 1.0 - model.quality(), contentSeed, fate,
                    faultsEnabled ? model.malformedJsonRate() : 0, jsonMode, new VerdictNoise(model.verdictNoise()));
        } else {
            text = AnswerSynthesizer.answer(model.quality(), messages.user(), references.find(messages.user()),
                    contentSeed);
            if (jsonMode) {
                text = JSON.createObjectNode().put("answer", text).toString();
            }
        }

        int maxTokens = request.path("max_completion_tokens").asInt(request.path("max_tokens").asInt(0));
        String finish = "stop";
        if (maxTokens > 0 && SimText.estimateTokens(text) > maxTokens) {
            text = text.substring(0, Math.min(text.length(), maxTokens * 4));
            finish = "length";
        }
        int promptTokens = SimText.estimateTokens(all);
        int completionTokens = SimText.estimateTokens(text);

        String id = "chatcmpl-sim-" + HexFormat.of().toHexDigits(contentSeed) + "-" + attempt;
        if (request.path("stream").asBoolean(false)) {
            boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
            new SimStream(exchange, id, model.name(), tokenDelayMs)
                    .send(text, finish, includeUsage ? new int[] {promptTokens, completionTokens} : null);
            return;
        }
        if (!pauseForWords(text)) {
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("id", id);
        body.put("object", "chat.completion");
        body.put("created", System.currentTimeMillis() / 1000);
        body.put("model", model.name());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text);
        choice.put("finish_reason", finish);
        body.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        send(exchange, 200, body, Map.of());
    }

    /** A blocking answer is ready when its last word would have been streamed. */
    private boolean pauseForWords(String text) {
        long total = tokenDelayMs * Math.max(0, SimStream.tokens(text).size() - 1);
        if (total <= 0) {
            return true;
        }
        try {
            Thread.sleep(total);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void sendError(HttpExchange exchange, int status, String type, String code, String message)
            throws IOException {
        sendError(exchange, status, type, code, message, Map.of());
    }

    private void sendError(HttpExchange exchange, int status, String type, String code, String message,
                           Map<String, String> headers) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", type).put("code", code);
        send(exchange, status, body, headers);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "llm-sim-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** System and user text of an OpenAI messages array (string or text-part content). */
    record Messages(String system, String user) {
        static Messages of(JsonNode messages) {
            StringBuilder system = new StringBuilder();
            StringBuilder user = new StringBuilder();
            for (JsonNode m : messages) {
                String role = m.path("role").asText("");
                StringBuilder target = "system".equals(role) || "developer".equals(role) ? system : user;
                JsonNode content = m.path("content");
                if (content.isTextual()) {
                    append(target, content.asText());
                } else if (content.isArray()) {
                    for (JsonNode part : content) {
                        if ("text".equals(part.path("type").asText())) {
                            append(target, part.path("text").asText());
                        }
                    }
                }
            }
            return new Messages(system.toString(), user.toString());
        }

        private static void append(StringBuilder sb, String text) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(text);
        }
    }

    /** The server side of a requests-per-minute limit: a token bucket holding one second's worth. */
    private static final class ServerRateLimit {
        private final int perMinute;
        private final double capacity;
        private final double perNano;
        private double available;
        private long last = System.nanoTime();

        ServerRateLimit(int perMinute) {
            this.perMinute = perMinute;
            this.capacity = Math.max(1.0, perMinute / 60.0);
            this.perNano = perMinute / 60.0 / 1e9;
            this.available = capacity;
        }

        synchronized boolean tryTake() {
            long now = System.nanoTime();
            available = Math.min(capacity, available + (now - last) * perNano);
            last = now;
            if (available < 1.0) {
                return false;
            }
            available -= 1.0;
            return true;
        }
    }
}
