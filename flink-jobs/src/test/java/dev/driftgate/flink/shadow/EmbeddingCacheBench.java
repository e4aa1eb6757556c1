package dev.driftgate.flink.shadow;

import dev.driftgate.flink.ops.CoreTextMetricsFactory;
import dev.driftgate.flink.ops.TextMetricsFactory;
import dev.driftgate.local.traffic.PopularQuestions;
import dev.driftgate.local.traffic.Questions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * StreamBench's {@code bertscore-cache} mode (issue 16, "embeddings computed once"): the job's events/s
 * with BERTScore + ROUGE-L agreement on, embedding cache off ({@code embedding_cache_mb: 0}) against on
 * (the configured bound, empty at the start of every run), on the same traffic. Runs alternate off, on,
 * off, on so both see the same machine load; each run has its own topic.
 *
 * <p>Two traffic shapes. {@code unique}: every event a new question, as the generator sends by
 * default; no text repeats, so the cache can only cost (hashing, lookups, copies). {@code popular}:
 * every event asks one of {@code distinct} sampled questions with Zipf popularity, so production
 * answers and candidate answers repeat as popular questions do in production. The pool and the draws
 * are seeded: every run of a shape gets the same sequence of prompts.
 *
 * <p>A run's events/s is StreamBench's capacity: rows/s over the middle 80% of the rows, so on popular
 * traffic most first sightings of a question (the cache's misses) fall in the first 10% left out: the
 * rate is that of a stream whose popular questions are already cached, the hit rate the whole run's.
 *
 * <p>Off is what the config switch turns off: identical texts within one BERTScore batch are encoded
 * once either way (the scorer does that with or without a cache); the cache adds reuse across batches.
 */
final class EmbeddingCacheBench {
    /** The seed of the popular questions: the same for every run, so the runs see the same traffic. */
    private static final long TRAFFIC_SEED = 16;

    /** Drains {@code events} pre-loaded events of the given traffic with the given agreement metrics. */
    @FunctionalInterface
    interface Capacity {
        StreamBench.Drain drain(String run, int events, TextMetricsFactory agreement, Supplier<Questions> traffic)
                throws Exception;
    }

    /**
     * How many events a run, how many off/on rounds, and the popular shape's pool. 20 000 events: BERTScore
     * on these short texts scores a few hundred events/s on 2 cores (and the job ~2 000/s once the cache
     * answers almost every text), so even the fastest run drains for ~10 s, long against the 250 ms
     * row-count sampling and the JDBC sink's 500-row / 200 ms batches; the slowest for ~50 s.
     */
    record Settings(int events, int rounds, int warmupEvents, int distinct, double zipfExponent) {
        static Settings fromSystemProperties() {
            return new Settings(Integer.getInteger("bench.cacheEvents", 20_000), Integer.getInteger("bench.cacheRounds", 3),
                    Integer.getInteger("bench.cacheWarmup", 1000), Integer.getInteger("bench.distinct", 200),
                    Double.parseDouble(System.getProperty("bench.zipf", "1.0")));
        }
    }

    record Shape(String name, String description, Supplier<Questions> traffic) {
    }

    record Run(Shape shape, int round, boolean cache, StreamBench.Drain drain, PerRunBertScore.Counters counters,
               String loadAverage) {
        double eventsPerSecond() {
            return drain.eventsPerSecond();
        }

        double cpuMsPerEvent() {
            return drain.cpuMsPerEvent();
        }
    }

    private final Capacity capacity;
    private final CoreTextMetricsFactory core;
    private final Settings settings;
    private final PrintStream out;

    EmbeddingCacheBench(Capacity capacity, CoreTextMetricsFactory core, Settings settings, PrintStream out) {
        if (core.embeddingCacheBytes() <= 0) {
            throw new IllegalArgumentException("bertscore-cache bench: set bertscore.embedding_cache_mb > 0 in the"
                    + " config (the bound the cache-on runs use)");
        }
        this.capacity = capacity;
        this.core = core;
        this.settings = settings;
        this.out = out;
    }

    void run() throws Exception {
        List<Shape> shapes = List.of(
                new Shape("unique", "every event a new question (no text repeats)", Questions::unique),
                new Shape("popular", String.format(Locale.ROOT, "%d sampled questions, Zipf exponent %.2f, seed %d",
                        settings.distinct(), settings.zipfExponent(), TRAFFIC_SEED),
                        () -> new PopularQuestions(settings.distinct(), settings.zipfExponent(), TRAFFIC_SEED)));
        out.printf(Locale.ROOT, "bertscore-cache: %d events a run, %d off/on round(s) per shape, cache %d MiB"
                        + " (empty at each on run), BERTScore batch %d, load average %s%n", settings.events(),
                settings.rounds(), core.embeddingCacheBytes() >> 20, core.bertBatchSize(), loadAverage());
        // the first BERTScore run of the JVM loads the model and warms the JIT: not one of the measured runs
        double warm = capacity.drain("cc-warmup", settings.warmupEvents(),
                new PerRunBertScore("cc-warmup", core, 0), Questions::unique).eventsPerSecond();
        PerRunBertScore.finish("cc-warmup");
        out.printf(Locale.ROOT, "warm-up (not counted): %.1f events/s, %d events%n", warm, settings.warmupEvents());
        List<Run> runs = new ArrayList<>();
        for (Shape shape : shapes) {
            for (int round = 1; round <= settings.rounds(); round++) {
                for (boolean cache : new boolean[] {false, true}) {
                    runs.add(measure(shape, round, cache));
                }
            }
        }
        out.println();
        out.println("| traffic | round | cache | events/s | CPU ms/event | texts encoded | texts reused | cache hit rate"
                + " | load average |");
        out.println("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |");
        for (Run r : runs) {
            out.printf(Locale.ROOT, "| %s | %d | %s | %.1f | %.2f | %d | %d | %s | %s |%n", r.shape().name(), r.round(),
                    r.cache() ? "on" : "off", r.eventsPerSecond(), r.cpuMsPerEvent(), r.counters().encoded(),
                    r.counters().reused(),
                    r.counters().cache().map(s -> String.format(Locale.ROOT, "%.1f%%", 100 * s.hitRate())).orElse("-"),
                    r.loadAverage());
        }
        out.println();
        for (Shape shape : shapes) {
            summarize(shape, runs.stream().filter(r -> r.shape() == shape).toList());
        }
    }

    private Run measure(Shape shape, int round, boolean cache) throws Exception {
        String name = "cc-" + shape.name() + "-" + (cache ? "on" : "off") + "-" + round;
        StreamBench.Drain drain = capacity.drain(name, settings.events(),
                new PerRunBertScore(name, core, cache ? core.embeddingCacheBytes() : 0), shape.traffic());
        Run run = new Run(shape, round, cache, drain, PerRunBertScore.finish(name), loadAverage());
        out.printf(Locale.ROOT, "%s round %d cache %s: %.1f events/s, %.2f CPU ms/event, %d texts encoded, %d reused%s;"
                        + " load %s%n", shape.name(), round, cache ? "on" : "off", drain.eventsPerSecond(),
                drain.cpuMsPerEvent(), run.counters().encoded(), run.counters().reused(),
                run.counters().cache().map(s -> "; " + s).orElse(""), run.loadAverage());
        return run;
    }

    /** Ratio of the mean rates and each round's own on/off ratio (the runs next to each other in time). */
    private void summarize(Shape shape, List<Run> runs) {
        double off = runs.stream().filter(r -> !r.cache()).mapToDouble(Run::eventsPerSecond).average().orElseThrow();
        double on = runs.stream().filter(Run::cache).mapToDouble(Run::eventsPerSecond).average().orElseThrow();
        double cpuOff = runs.stream().filter(r -> !r.cache()).mapToDouble(Run::cpuMsPerEvent).average().orElseThrow();
        double cpuOn = runs.stream().filter(Run::cache).mapToDouble(Run::cpuMsPerEvent).average().orElseThrow();
        List<String> perRound = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            int r = round;
            double roundOff = runs.stream().filter(x -> x.round() == r && !x.cache()).findFirst().orElseThrow()
                    .eventsPerSecond();
            double roundOn = runs.stream().filter(x -> x.round() == r && x.cache()).findFirst().orElseThrow()
                    .eventsPerSecond();
            perRound.add(String.format(Locale.ROOT, "%.2f", roundOn / roundOff));
        }
        List<String> hitRates = runs.stream().filter(Run::cache).map(r -> r.counters().cache()
                .map(s -> String.format(Locale.ROOT, "%.1f%%", 100 * s.hitRate())).orElse("-")).toList();
        long encodedOff = runs.stream().filter(r -> !r.cache()).mapToLong(r -> r.counters().encoded()).sum();
        long encodedOn = runs.stream().filter(Run::cache).mapToLong(r -> r.counters().encoded()).sum();
        out.printf(Locale.ROOT, "%s (%s): off %.1f events/s, on %.1f events/s (means); on/off %.2f (per round %s);"
                        + " CPU ms/event off %.2f, on %.2f (on/off %.2f); cache hit rate of the on runs %s;"
                        + " texts encoded on/off %.3f%n", shape.name(), shape.description(), off, on, on / off,
                String.join(", ", perRound), cpuOff, cpuOn, cpuOn / cpuOff, String.join(", ", hitRates),
                (double) encodedOn / encodedOff);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "n/a";
        }
    }
}
