package dev.driftgate.flink.shadow;

import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.metrics.BertScorer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Async I/O wrapper over {@link ShadowScorer}: the model and judge calls are blocking HTTP, so they
 * run on a bounded pool while the task thread keeps reading. A timeout dead-letters the event
 * instead of failing the job.
 */
public final class AsyncShadowScoring extends RichAsyncFunction<ParsedEvent, ScoredEvent> {
    private final ScoringComponents components;
    private final ShadowScorer.JudgeMode mode;
    private final boolean keepPrompt;
    private final int threads;
    private transient ExecutorService pool;
    private transient ShadowScorer scorer;
    private transient ModelClient client;
    private transient BertScorer bert;

    public AsyncShadowScoring(ScoringComponents components, ShadowScorer.JudgeMode mode, boolean keepPrompt,
                              int threads) {
        this.components = components;
        this.mode = mode;
        this.keepPrompt = keepPrompt;
        this.threads = threads;
    }

    @Override
    public void open(OpenContext openContext) {
        client = components.candidateClient();
        Judge judge = components.judge();
        bert = components.bertScorer();
        scorer = new ShadowScorer(client, judge, bert, components.rougeL(), mode, keepPrompt);
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "shadow-scoring");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void asyncInvoke(ParsedEvent in, ResultFuture<ScoredEvent> out) {
        CompletableFuture.supplyAsync(() -> scorer.score(in.event(), in.raw()), pool)
                .whenComplete((scored, err) -> out.complete(List.of(err == null ? scored
                        : new ScoredEvent(null, null, DeadLetter.of("scoring error: " + err, in.raw())))));
    }

    @Override
    public void timeout(ParsedEvent in, ResultFuture<ScoredEvent> out) {
        out.complete(List.of(new ScoredEvent(null, null, DeadLetter.of("scoring timed out", in.raw()))));
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
        if (bert != null) {
            bert.close();
        }
    }
}
