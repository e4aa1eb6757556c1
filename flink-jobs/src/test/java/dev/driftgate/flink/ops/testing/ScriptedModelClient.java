package dev.driftgate.flink.ops.testing;

import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.ModelResponse;
import dev.driftgate.flink.ops.ModelClientFactory;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEMPORARY test-scope model client for operator unit tests, until the OpenAI-compatible simulator
 * and the LangChain4j client land from wip/llm. Answers "answer: " + prompt after a fixed latency;
 * a per-prompt script of failures (429, 500, 400, "hang") is consumed one per call first. State is
 * static per scenario name so factories shipped into a MiniCluster share it within the JVM.
 */
public final class ScriptedModelClient implements ModelClient {
    /** Failure kinds a script can hold. */
    public enum Failure { RATE_LIMITED, SERVER_ERROR, BAD_REQUEST, HANG }

    private static final Map<String, Scenario> SCENARIOS = new ConcurrentHashMap<>();

    /** Shared, mutable state of one scenario. */
    public static final class Scenario {
        final Map<String, Deque<Failure>> scripts = new ConcurrentHashMap<>();
        final Map<String, String> replies = new ConcurrentHashMap<>();
        public final AtomicInteger calls = new AtomicInteger();
        public final AtomicInteger inFlight = new AtomicInteger();
        public final AtomicInteger maxInFlight = new AtomicInteger();
        volatile long latencyMs;

        public Scenario failFirst(String prompt, Failure... failures) {
            scripts.put(prompt, new ArrayDeque<>(List.of(failures)));
            return this;
        }

        public Scenario reply(String prompt, String text) {
            replies.put(prompt, text);
            return this;
        }

        public Scenario latency(long ms) {
            latencyMs = ms;
            return this;
        }
    }

    public static Scenario scenario(String name) {
        Scenario s = new Scenario();
        SCENARIOS.put(name, s);
        return s;
    }

    /** Serializable recipe naming the scenario. */
    public record Factory(String scenario) implements ModelClientFactory {
        @Override
        public ModelClient create() {
            return new ScriptedModelClient(SCENARIOS.get(scenario));
        }
    }

    private final Scenario scenario;

    private ScriptedModelClient(Scenario scenario) {
        this.scenario = scenario;
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        scenario.calls.incrementAndGet();
        int now = scenario.inFlight.incrementAndGet();
        scenario.maxInFlight.accumulateAndGet(now, Math::max);
        try {
            Deque<Failure> script = scenario.scripts.get(request.prompt());
            Failure failure = script == null ? null : script.poll();
            if (failure != null) {
                switch (failure) {
                    case RATE_LIMITED -> throw new ModelCallException("HTTP 429 rate limited", true, 1, null);
                    case SERVER_ERROR -> throw new ModelCallException("HTTP 500 server error", true, 1, null);
                    case BAD_REQUEST -> throw new ModelCallException("HTTP 400 bad request", false, 1, null);
                    case HANG -> sleep(60_000);
                    default -> throw new IllegalStateException();
                }
            }
            if (scenario.latencyMs > 0) {
                sleep(scenario.latencyMs);
            }
            String text = scenario.replies.getOrDefault(request.prompt(), "answer: " + request.prompt());
            int in = request.prompt().split("\\s+").length;
            int out = text.split("\\s+").length;
            return new ModelResponse(text, request.model(), scenario.latencyMs, in, out, (in + out) * 1e-6, 1, false);
        } finally {
            scenario.inFlight.decrementAndGet();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException("interrupted", false, 1, e);
        }
    }
}
