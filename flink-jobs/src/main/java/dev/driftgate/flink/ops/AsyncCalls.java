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
     * {@code function} after {@code input} with Flink's unordered async I/O, {@code capacity}
     * in-flight calls per subtask and no Flink retries: every call (inference and judge) retries
     * inside core's model client, so Flink's AsyncRetryStrategy and a retry-tail stage for the
     * retries it cuts short at end of input are not needed. The timeout covers the client's whole
     * retry budget ({@link AsyncCallOptions#covering}).
     */
    public static <IN, OUT> SingleOutputStreamOperator<OUT> wireOnce(
            DataStream<IN> input, AsyncBlockingCallFunction<IN, OUT> function, AsyncCallOptions options,
            Class<OUT> outType, String name) {
        return AsyncDataStream.unorderedWait(input, function, options.timeoutMs(), TimeUnit.MILLISECONDS,
                        options.capacity())
                .returns(outType).name(name).uid(name);
    }
}
