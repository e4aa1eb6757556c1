package dev.driftgate.flink.ops;

import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.llm.ModelClient;
import java.io.Serializable;

/**
 * Async LLM judge, one attempt per element: Flink retries no call (see
 * {@link AsyncBlockingCallFunction}). Which layer retries a judge call is decided once, in core: the judge's model client retries transport failures
 * (timeouts, I/O errors, 408/429/5xx, Retry-After) under {@link dev.driftgate.core.http.RetryPolicy}
 * with {@code inference.max_retries}; {@link dev.driftgate.core.judge.LlmJudge} asks again for an
 * unparseable verdict ({@code judge.max_retries}); a call that still fails comes back as a failed
 * verdict, which the stage records as a judge failure (counted, never scored 0). The stage is
 * wired with {@link AsyncCalls#wireOnce}. A judge that does throw fails the element at the judge
 * stage.
 *
 * <p>{@code V} is what one call produces: a {@link JudgeVerdict} (with reference, reference-free)
 * or a {@link dev.driftgate.core.judge.PairwiseVerdict} (the shadow job's pairwise mode).
 */
public final class AsyncJudgeFunction<IN, V, OUT> extends AsyncBlockingCallFunction<IN, OUT> {
    private static final long serialVersionUID = 1L;

    /** Which judge mode to run for an element (with reference, reference-free, pairwise, ...). */
    @FunctionalInterface
    public interface JudgeCall<IN, V> extends Serializable {
        V judge(Judge judge, IN in);
    }

    /** (element, outcome) -> element with the verdict or failure merged in. */
    @FunctionalInterface
    public interface Merger<IN, V, OUT> extends Serializable {
        OUT merge(IN in, CallOutcome<V> outcome);
    }

    private final ModelClientFactory clientFactory;
    private final JudgeFactory judgeFactory;
    private final JudgeCall<IN, V> judgeCall;
    private final Merger<IN, V, OUT> merger;
    private transient UsageMeteringModelClient client;
    private transient Judge judge;

    public AsyncJudgeFunction(ModelClientFactory clientFactory, JudgeFactory judgeFactory, JudgeCall<IN, V> judgeCall,
                              Merger<IN, V, OUT> merger, int threads) {
        super(threads);
        this.clientFactory = clientFactory;
        this.judgeFactory = judgeFactory;
        this.judgeCall = judgeCall;
        this.merger = merger;
    }

    @Override
    protected void openClients() {
        ModelClient created = clientFactory.create();
        BulkheadGauges.register(getRuntimeContext().getMetricGroup(), created);
        client = new UsageMeteringModelClient(created);
        judge = judgeFactory.create(client);
    }

    @Override
    protected void closeClients() {
        if (judge instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing is best effort; the client below is closed regardless
            }
        }
        if (client != null) {
            client.close();
        }
    }

    @Override
    protected CallOutcome<V> call(IN in) {
        // the verdict carries its own attempt count (unparseable verdicts asked again); the stage made one call
        return meteredCall(client, () -> judgeCall.judge(judge, in), verdict -> 1, (verdict, elapsedMs) -> elapsedMs);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected OUT merge(IN in, CallOutcome<?> outcome) {
        return merger.merge(in, (CallOutcome<V>) outcome);
    }
}
