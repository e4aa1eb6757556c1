package dev.driftgate.flink.ops;

import dev.driftgate.core.metrics.BertScorer;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.metrics.TextPair;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Scores answers against references with ROUGE-L and BERTScore. BERTScore is much cheaper per pair
 * in a batch, so each subtask collects up to {@code batchSize} elements and scores them together;
 * it flushes on a full batch, at end of input (bounded job), after {@code maxWaitMs} (unbounded job,
 * via a processing-time timer), before a watermark passes and before a checkpoint barrier (so no
 * element is held in un-checkpointed state).
 *
 * <p>Elements without a pair (e.g. failed inference) pass through untouched, in the same flush.
 * A scorer error marks the whole batch's elements failed at stage "scoring" with the reason.
 * Elements keep their timestamps, so event-time windows downstream still see them (streaming job).
 * A factory whose {@link TextMetricsFactory#bertScorer()} is null turns BERTScore off: ROUGE-L
 * only, and the merger gets a null BERTScore.
 */
public final class TextMetricsOperator<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /** Element -> the pair to score, or null to pass it through. */
    @FunctionalInterface
    public interface PairOf<T> extends Serializable {
        TextPair pair(T element);
    }

    /** Merges scores into an element. */
    public interface Merger<T> extends Serializable {
        T scored(T element, Prf rougeL, Prf bertscore);

        T failed(T element, String reason);
    }

    private final TextMetricsFactory factory;
    private final PairOf<T> pairOf;
    private final Merger<T> merger;
    private final int batchSize;
    private final long maxWaitMs;
    private transient BertScorer bertScorer;
    private transient Function<TextPair, Prf> rougeL;
    private transient List<StreamRecord<T>> buffer;
    private transient boolean timerPending;
    private transient Counter batches;

    public TextMetricsOperator(TextMetricsFactory factory, PairOf<T> pairOf, Merger<T> merger, int batchSize,
                               long maxWaitMs) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1");
        }
        this.factory = factory;
        this.pairOf = pairOf;
        this.merger = merger;
        this.batchSize = batchSize;
        this.maxWaitMs = maxWaitMs;
    }

    @Override
    public void open() throws Exception {
        super.open();
        bertScorer = factory.bertScorer();
        rougeL = factory.rougeL();
        buffer = new ArrayList<>(batchSize);
        batches = getMetricGroup().counter("bertscoreBatches");
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        buffer.add(element);
        if (buffer.size() >= batchSize) {
            flush();
        } else if (!timerPending && maxWaitMs > 0) {
            timerPending = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + maxWaitMs, time -> {
                timerPending = false;
                flush();
            });
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        flush();
    }

    /** Scores and emits what is buffered. Visible for tests. */
    void flush() {
        if (buffer == null || buffer.isEmpty()) {
            return;
        }
        List<StreamRecord<T>> records = buffer;
        buffer = new ArrayList<>(batchSize);
        List<T> batch = new ArrayList<>(records.size());
        for (StreamRecord<T> r : records) {
            batch.add(r.getValue());
        }
        List<T> scored = score(batch);
        for (int i = 0; i < records.size(); i++) {
            output.collect(records.get(i).replace(scored.get(i)));
        }
    }

    List<T> score(List<T> batch) {
        List<TextPair> pairs = new ArrayList<>(batch.size());
        List<Integer> positions = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            TextPair pair = pairOf.pair(batch.get(i));
            if (pair != null) {
                pairs.add(pair);
                positions.add(i);
            }
        }
        List<T> out = new ArrayList<>(batch);
        if (pairs.isEmpty()) {
            return out;
        }
        try {
            List<Prf> bert = bertScorer == null ? null : bertScorer.score(pairs);
            if (bert != null && bert.size() != pairs.size()) {
                throw new IllegalStateException("BERTScore returned " + bert.size() + " scores for " + pairs.size()
                        + " pairs");
            }
            if (bert != null) {
                batches.inc();
            }
            for (int j = 0; j < pairs.size(); j++) {
                int i = positions.get(j);
                out.set(i, merger.scored(batch.get(i), rougeL.apply(pairs.get(j)), bert == null ? null : bert.get(j)));
            }
        } catch (RuntimeException e) {
            String reason = AsyncBlockingCallFunction.describe(e);
            for (int i : positions) {
                out.set(i, merger.failed(batch.get(i), reason));
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        try {
            if (bertScorer != null) {
                bertScorer.close();
            }
        } finally {
            super.close();
        }
    }
}
