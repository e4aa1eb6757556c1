package dev.driftgate.flink.ops;

import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Wires the async call functions into a stream the same way in both jobs. */
public final class AsyncCalls {
    private AsyncCalls() {
    }

    /**
     * {@code function} after {@code input} with Flink's unordered async I/O: {@code capacity}
     * in-flight calls per subtask, Flink's exponential-backoff retries while an output is
     * {@link RetryAware#retryPending()}, and a timeout covering every attempt and backoff; then
     * {@code retryTail} (a second instance made with
     * {@link AsyncBlockingCallFunction#finishingRetriesOf}) finishes the retries Flink cuts short
     * at end of input.
     */
    public static <IN, OUT extends RetryAware> SingleOutputStreamOperator<OUT> wire(
            DataStream<IN> input, AsyncBlockingCallFunction<IN, OUT> function,
            AsyncBlockingCallFunction<OUT, OUT> retryTail, AsyncCallOptions options, Class<OUT> outType,
            String name) {
        DataStream<OUT> called = AsyncDataStream.unorderedWaitWithRetry(input, function, options.totalTimeoutMs(),
                        TimeUnit.MILLISECONDS, options.capacity(),
                        AsyncBlockingCallFunction.<OUT>retryStrategy(options.maxAttempts(),
                                options.initialBackoffMs(), options.maxBackoffMs()))
                .returns(outType).name(name).uid(name);
        return AsyncDataStream.unorderedWait(called, retryTail, options.totalTimeoutMs(), TimeUnit.MILLISECONDS,
                        options.capacity())
                .returns(outType).name(name + "-retry-tail").uid(name + "-retry-tail");
    }

    /**
     * {@code function} after {@code input} with Flink's unordered async I/O and no Flink retries:
     * for stages whose call retries inside itself (the judge, see {@link AsyncJudgeFunction}). The
     * timeout is the same as {@link #wire}'s, room for the retries below.
     */
    public static <IN, OUT extends RetryAware> SingleOutputStreamOperator<OUT> wireOnce(
            DataStream<IN> input, AsyncBlockingCallFunction<IN, OUT> function, AsyncCallOptions options,
            Class<OUT> outType, String name) {
        return AsyncDataStream.unorderedWait(input, function, options.totalTimeoutMs(), TimeUnit.MILLISECONDS,
                        options.capacity())
                .returns(outType).name(name).uid(name);
    }
}
