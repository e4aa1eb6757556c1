package dev.driftgate.flink.shadow;

import org.apache.flink.streaming.api.functions.async.CollectionSupplier;
import org.apache.flink.streaming.api.functions.async.ResultFuture;

/** The one result an async Slack step completes with. */
final class CapturedDelivery implements ResultFuture<AlertDelivery> {
    private final java.util.concurrent.CompletableFuture<AlertDelivery> result =
            new java.util.concurrent.CompletableFuture<>();

    @Override
    public void complete(java.util.Collection<AlertDelivery> deliveries) {
        result.complete(deliveries.iterator().next());
    }

    @Override
    public void completeExceptionally(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void complete(CollectionSupplier<AlertDelivery> supplier) {
        try {
            complete(supplier.get());
        } catch (Exception e) {
            result.completeExceptionally(e);
        }
    }

    AlertDelivery await() throws Exception {
        return result.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
}
