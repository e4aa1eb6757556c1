package dev.driftgate.core.llm;

/** Runs each attempt inside its endpoint's {@link ProviderBulkhead} (below the retries, so each try counts). */
final class BulkheadModelClient implements ModelClient {
    private final ModelClient inner;
    private final ProviderBulkhead bulkhead;

    BulkheadModelClient(ModelClient inner, ProviderBulkhead bulkhead) {
        this.inner = inner;
        this.bulkhead = bulkhead;
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        return bulkhead.call(request, inner);
    }

    @Override
    public void close() {
        inner.close();
    }
}
