package dev.driftgate.flink.ops;

import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.ModelResponse;
import dev.driftgate.core.scoring.ModelUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the usage of every call (failed attempts count as calls without tokens) a thread makes through the wrapped client, so an operator can
 * attribute tokens and cost to the element it is working on even when the call is made deep
 * inside another component (the judge retries bad verdicts with its own calls).
 */
final class UsageMeteringModelClient implements ModelClient {
    private final ModelClient delegate;
    private final ThreadLocal<List<ModelUsage>> current = new ThreadLocal<>();
    private final ThreadLocal<int[]> answered = new ThreadLocal<>();  // {responses, cache hits}

    UsageMeteringModelClient(ModelClient delegate) {
        this.delegate = delegate;
    }

    /** Starts metering the calling thread. */
    void begin() {
        current.set(new ArrayList<>());
        answered.set(new int[2]);
    }

    /** True when the calling thread got at least one answer since begin() and every one came from the cache. */
    boolean allFromCache() {
        int[] n = answered.get();
        return n != null && n[0] > 0 && n[0] == n[1];
    }

    /** Stops metering the calling thread and returns what it used since {@link #begin()}. */
    List<ModelUsage> end() {
        List<ModelUsage> used = current.get();
        current.remove();
        return used == null ? List.of() : List.copyOf(used);
    }

    /** Clears the calling thread's state after {@link #end()} and {@link #allFromCache()}. */
    void reset() {
        current.remove();
        answered.remove();
    }

    @Override
    public ModelResponse complete(ModelRequest request) throws ModelCallException {
        ModelResponse response;
        try {
            response = delegate.complete(request);
        } catch (ModelCallException e) {
            // failed attempts are still calls (429, 500, timeout): counted, with no tokens; the
            // client below retried, and its exception says how many attempts it made
            List<ModelUsage> used = current.get();
            if (used != null) {
                used.add(new ModelUsage(request.model(), Math.max(1, e.attempts()), 0, 0, 0.0));
            }
            throw e;
        }
        int[] n = answered.get();
        if (n != null) {
            n[0]++;
            n[1] += response.cacheHit() ? 1 : 0;
        }
        List<ModelUsage> used = current.get();
        if (used != null) {
            // the requested model string (provider/model) is what pricing and reports are keyed on
            // every attempt the retrying client made is a call; a cache hit is the one lookup
            int calls = response.cacheHit() ? 1 : Math.max(1, response.attempts());
            used.add(new ModelUsage(request.model(), calls, response.inputTokens(), response.outputTokens(),
                    response.estimatedCostUsd()));
        }
        return response;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
