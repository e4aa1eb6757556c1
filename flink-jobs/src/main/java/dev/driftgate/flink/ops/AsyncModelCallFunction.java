package dev.driftgate.flink.ops;

import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.ModelResponse;
import java.io.Serializable;

/**
 * Async model inference: builds a {@link ModelRequest} from each element, calls the model through
 * the client the factory builds in open() (the response cache is a decorator inside it), and merges
 * the {@link ModelResponse} (or the failure) back into the element. Use {@link AsyncCalls#wire} to
 * wire it with capacity = concurrency and Flink's retry strategy.
 */
public final class AsyncModelCallFunction<IN, OUT extends RetryAware> extends AsyncBlockingCallFunction<IN, OUT> {
    private static final long serialVersionUID = 1L;

    /** Element -> request. */
    @FunctionalInterface
    public interface RequestFor<IN> extends Serializable {
        ModelRequest request(IN in);
    }

    /** (element, outcome, retry pending) -> element with the response or failure merged in. */
    @FunctionalInterface
    public interface Merger<IN, OUT> extends Serializable {
        OUT merge(IN in, CallOutcome<ModelResponse> outcome, boolean retryPending);
    }

    /** Element -> key stable across retries. */
    @FunctionalInterface
    public interface KeyOf<IN> extends Serializable {
        String key(IN in);
    }

    private final ModelClientFactory clientFactory;
    private final RequestFor<IN> requestFor;
    private final Merger<IN, OUT> merger;
    private final KeyOf<IN> keyOf;
    private transient UsageMeteringModelClient client;

    public AsyncModelCallFunction(ModelClientFactory clientFactory, RequestFor<IN> requestFor, Merger<IN, OUT> merger,
                                  KeyOf<IN> keyOf, int threads, int maxAttempts) {
        super(threads, maxAttempts);
        this.clientFactory = clientFactory;
        this.requestFor = requestFor;
        this.merger = merger;
        this.keyOf = keyOf;
    }

    @Override
    protected void openClients() {
        client = new UsageMeteringModelClient(clientFactory.create());
    }

    @Override
    protected void closeClients() {
        if (client != null) {
            client.close();
        }
    }

    @Override
    protected String keyOf(IN in) {
        return keyOf.key(in);
    }

    @Override
    protected CallOutcome<ModelResponse> call(IN in, int attempt) {
        return meteredCall(client, attempt, () -> client.complete(requestFor.request(in)),
                (response, elapsedMs) -> response.latencyMs());
    }

    @Override
    @SuppressWarnings("unchecked")
    protected OUT merge(IN in, CallOutcome<?> outcome, boolean retryPending) {
        return merger.merge(in, (CallOutcome<ModelResponse>) outcome, retryPending);
    }

}
