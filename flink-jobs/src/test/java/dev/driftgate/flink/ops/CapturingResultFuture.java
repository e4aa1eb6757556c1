package dev.driftgate.flink.ops;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.functions.async.CollectionSupplier;
import org.apache.flink.streaming.api.functions.async.ResultFuture;

/** A ResultFuture a test can wait on. */
final class CapturingResultFuture<T> implements ResultFuture<T> {
    private final CompletableFuture<List<T>> future = new CompletableFuture<>();

    @Override
    public void complete(Collection<T> result) {
        future.complete(List.copyOf(result));
    }

    @Override
    public void completeExceptionally(Throwable error) {
        future.completeExceptionally(error);
    }

    @Override
    public void complete(CollectionSupplier<T> supplier) {
        try {
            complete(supplier.get());
        } catch (Exception e) {
            completeExceptionally(e);
        }
    }

    T single() throws Exception {
        List<T> out = future.get(10, TimeUnit.SECONDS);
        if (out.size() != 1) {
            throw new AssertionError("expected one result, got " + out);
        }
        return out.get(0);
    }
}
