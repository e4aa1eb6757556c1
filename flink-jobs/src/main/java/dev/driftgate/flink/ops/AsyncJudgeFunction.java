package dev.driftgate.flink.ops;

import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.llm.ModelCallException;
import java.io.Serializable;

/**
 * Async LLM judge. The judge (built in open() over a metered client) retries unparseable verdicts
 * itself and returns a failed verdict after that, which is a final outcome; transport errors it
 * throws ({@link ModelCallException}) go through Flink's retry strategy like inference.
 *
 * <p>{@code V} is what one call produces: a {@link JudgeVerdict} (with reference, reference-free)
 * or a {@link dev.driftgate.core.judge.PairwiseVerdict} (the shadow job's pairwise mode).
 */
public final class AsyncJudgeFunction<IN, V, OUT extends RetryAware> extends AsyncBlockingCallFunction<IN, OUT> {
    private static final long serialVersionUID = 1L;

    /** Which judge mode to run for an element (with reference, reference-free, pairwise, ...). */
    @FunctionalInterface
    public interface JudgeCall<IN, V> extends Serializable {
        V judge(Judge judge, IN in);
    }

    /** (element, outcome, retry pending) -> element with the verdict or failure merged in. */
    @FunctionalInterface
    public interface Merger<IN, V, OUT> extends Serializable {
        OUT merge(IN in, CallOutcome<V> outcome, boolean retryPending);
    }

    private final ModelClientFactory clientFactory;
    private final JudgeFactory judgeFactory;
    private final JudgeCall<IN, V> judgeCall;
    private final Merger<IN, V, OUT> merger;
    private final AsyncModelCallFunction.KeyOf<IN> keyOf;
    private transient UsageMeteringModelClient client;
    private transient Judge judge;

    public AsyncJudgeFunction(ModelClientFactory clientFactory, JudgeFactory judgeFactory, JudgeCall<IN, V> judgeCall,
                              Merger<IN, V, OUT> merger, AsyncModelCallFunction.KeyOf<IN> keyOf, int threads,
                              int maxAttempts) {
        super(threads, maxAttempts);
        this.clientFactory = clientFactory;
        this.judgeFactory = judgeFactory;
        this.judgeCall = judgeCall;
        this.merger = merger;
        this.keyOf = keyOf;
    }

    @Override
    protected void openClients() {
        client = new UsageMeteringModelClient(clientFactory.create());
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
    protected String keyOf(IN in) {
        return keyOf.key(in);
    }

    @Override
    protected CallOutcome<V> call(IN in, int attempt) {
        return meteredCall(client, attempt, () -> judgeCall.judge(judge, in), (verdict, elapsedMs) -> elapsedMs);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected OUT merge(IN in, CallOutcome<?> outcome, boolean retryPending) {
        return merger.merge(in, (CallOutcome<V>) outcome, retryPending);
    }
}
