package dev.driftgate.flink.ops;

import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.ModelResponse;
import java.io.Serializable;

/**
 * Async model inference: builds a {@link ModelRequest} from each element, calls the model through
 * the client the factory builds in open() (the response cache is a decorator inside it), and merges
 * the {@link ModelResponse} (or the failure) back into the element. One attempt per element: the
 * client built by the factory retries (see {@link AsyncBlockingCallFunction}); wire it with
 * {@link AsyncCalls#wireOnce}.
 */
public final class AsyncModelCallFunction<IN, OUT> extends AsyncBlockingCallFunction<IN, OUT> {
    private static final long serialVersionUID = 1L;

    /** Element -> request. */
    @FunctionalInterface
    public interface RequestFor<IN> extends Serializable {
        ModelRequest request(IN in);
    }

    /** (element, outcome) -> element with the response or failure merged in. */
    @FunctionalInterface
    public interface Merger<IN, OUT> extends Serializable {
        OUT merge(IN in, CallOutcome<ModelResponse> outcome);
    }

    private final ModelClientFactory clientFactory;
    private final RequestFor<IN> requestFor;
    private final Merger<IN, OUT> merger;
    private transient UsageMeteringModelClient client;

    public AsyncModelCallFunction(ModelClientFactory clientFactory, RequestFor<IN> requestFor, Merger<IN, OUT> merger,
                                  int threads) {
        super(threads);
        this.clientFactory = clientFactory;
        this.requestFor = requestFor;
        this.merger = merger;
    }

    @Override
    protected void openClients() {
        ModelClient created = clientFactory.create();
        BulkheadGauges.register(getRuntimeContext().getMetricGroup(), created);
        client = new UsageMeteringModelClient(created);
    }

    @Override
    protected void closeClients() {
        if (client != null) {
            client.close();
        }
    }

    @Override
    protected CallOutcome<ModelResponse> call(IN in) {
        return meteredCall(client, () -> client.complete(requestFor.request(in)),
                response -> Math.max(1, response.attempts()), (response, elapsedMs) -> response.latencyMs());
    }

    @Override
    @SuppressWarnings("unchecked")
    protected OUT merge(IN in, CallOutcome<?> outcome) {
        return merger.merge(in, (CallOutcome<ModelResponse>) outcome);
    }

}
