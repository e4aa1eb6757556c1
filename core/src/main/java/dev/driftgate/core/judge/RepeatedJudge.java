package dev.driftgate.core.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.function.Function;

/**
 * judge.samples N > 1: judges each answer N times and returns the mean verdict with every sample's
 * overall kept. Samples 1..N-1 run on their own threads while sample 0 runs on the caller's, so the
 * extra calls overlap and an eval takes about as long as with one sample when calls wait on latency.
 *
 * <p>Samples the judge could not score are left out of the mean (never counted as 0); only when all
 * fail is the verdict a failure (the first one). Pairwise verdicts are not repeated: sample 0 only.
 */
public final class RepeatedJudge implements Judge {
    /** Daemon threads, created as needed: each holds one blocking judge call. */
    private static final ExecutorService SAMPLES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "judge-sample");
        t.setDaemon(true);
        return t;
    });

    private final List<Judge> samples;

    /** @param sampleJudge the judge for sample i (e.g. {@link LlmJudge#forSample}) */
    public RepeatedJudge(IntFunction<Judge> sampleJudge, int n) {
        if (n < 2) {
            throw new IllegalArgumentException("repeated judging needs at least 2 samples, got " + n);
        }
        List<Judge> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(sampleJudge.apply(i));
        }
        this.samples = List.copyOf(list);
    }

    @Override
    public JudgeVerdict judgeWithReference(String prompt, String answer, String reference) {
        return repeat(j -> j.judgeWithReference(prompt, answer, reference));
    }

    @Override
    public JudgeVerdict judgeReferenceFree(String prompt, String answer) {
        return repeat(j -> j.judgeReferenceFree(prompt, answer));
    }

    @Override
    public PairwiseVerdict judgePairwise(String prompt, String answerA, String answerB) {
        return samples.get(0).judgePairwise(prompt, answerA, answerB);
    }

    private JudgeVerdict repeat(Function<Judge, JudgeVerdict> call) {
        List<CompletableFuture<JudgeVerdict>> others = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            Judge j = samples.get(i);
            others.add(CompletableFuture.supplyAsync(() -> call.apply(j), SAMPLES));
        }
        List<JudgeVerdict> all = new ArrayList<>();
        all.add(call.apply(samples.get(0)));
        for (CompletableFuture<JudgeVerdict> f : others) {
            all.add(f.join());
        }
        return combine(all);
    }

    static JudgeVerdict combine(List<JudgeVerdict> all) {
        List<JudgeVerdict> ok = all.stream().filter(v -> !v.failed()).toList();
        int attempts = all.stream().mapToInt(JudgeVerdict::attempts).sum();
        long latency = all.stream().mapToLong(JudgeVerdict::latencyMs).max().orElse(0);
        if (ok.isEmpty()) {
            JudgeVerdict f = all.get(0);
            return JudgeVerdict.failure(f.failureReason(), f.rawText(), attempts, latency);
        }
        double n = ok.size();
        return new JudgeVerdict(
                ok.stream().mapToDouble(JudgeVerdict::factualAccuracy).sum() / n,
                ok.stream().mapToDouble(JudgeVerdict::instructionFollowing).sum() / n,
                ok.stream().mapToDouble(JudgeVerdict::safety).sum() / n,
                ok.stream().mapToDouble(JudgeVerdict::overall).sum() / n,
                ok.get(0).rationale(), attempts, latency, false, null, null,
                ok.stream().map(JudgeVerdict::overall).toList());
    }
}
