package dev.driftgate.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.core.metrics.BertScoreOptions;
import dev.driftgate.core.metrics.DjlBertScorer;
import dev.driftgate.core.metrics.EmbeddingCache;
import dev.driftgate.core.metrics.MiniLmEncoder;
import dev.driftgate.core.metrics.TextPair;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench bertscore-cache}: BERTScore CPU of a golden-dataset eval with a cold embedding cache against
 * a warm one (the same references, new answers: what a second eval of the same dataset version sees), so
 * the saving of encoding references once is a measured number, not a claim.
 */
@Command(name = "bertscore-cache", mixinStandardHelpOptions = true,
        description = "BERTScore process CPU over the golden dataset: cold vs warm embedding cache.")
final class BenchBertScoreCache implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--golden", defaultValue = "data/eval/golden_dataset.jsonl", description = "Golden dataset JSONL (default ${DEFAULT-VALUE}).")
    Path golden;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds, each with a fresh cache; the lowest CPU is kept (default ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<String> references = references(golden);
        MiniLmEncoder.shared();
        // warm up the JIT and ONNX Runtime without a cache, so the cold round is not also the first round
        new DjlBertScorer(new BertScoreOptions(false, null, 16, true)).score(pairs(references, 99));
        long bestCold = Long.MAX_VALUE;
        long bestWarm = Long.MAX_VALUE;
        long bestSame = Long.MAX_VALUE;
        String stats = "";
        for (int round = 0; round < rounds; round++) {
            // a private cache per round (not the JVM-wide one), so every round starts cold
            DjlBertScorer scorer = DjlBertScorer.withCache(new BertScoreOptions(false, null, 16, true),
                    new EmbeddingCache(BertScoreOptions.DEFAULT_CACHE_BYTES));
            List<TextPair> firstAnswers = pairs(references, 2 * round + 1);
            bestCold = Math.min(bestCold, cpu(() -> scorer.score(firstAnswers)));
            List<TextPair> newAnswers = pairs(references, 2 * round + 2);
            bestWarm = Math.min(bestWarm, cpu(() -> scorer.score(newAnswers)));
            bestSame = Math.min(bestSame, cpu(() -> scorer.score(firstAnswers)));
            stats = scorer.cacheStats().map(Object::toString).orElse("");
        }
        out.printf("BERTScore embedding cache bench: %d golden references, %d round(s), %d cores, load average %s%n%n",
                references.size(), rounds, Runtime.getRuntime().availableProcessors(), BenchCommand.loadAverage());
        out.println("| eval | process CPU s | / cold |");
        out.println("| --- | ---: | ---: |");
        out.printf("| cold cache | %.3f | 1.000 |%n", bestCold / 1e9);
        out.printf("| warm cache, new answers (references cached) | %.3f | %.3f |%n", bestWarm / 1e9, (double) bestWarm / bestCold);
        out.printf("| warm cache, same answers (deterministic model) | %.3f | %.3f |%n", bestSame / 1e9, (double) bestSame / bestCold);
        out.printf("%nlast round: %s%n", stats);
        out.flush();
        return ExitCodes.OK;
    }

    private static long cpu(Runnable work) {
        long c0 = BenchCommand.processCpuNanos();
        work.run();
        return BenchCommand.processCpuNanos() - c0;
    }

    private static List<String> references(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> references = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                references.add(json.readTree(line).path("reference_response").asText());
            }
        }
        return references;
    }

    /** Answers as the simulator makes them: each reference word dropped with probability 0.1 (seeded). */
    private static List<TextPair> pairs(List<String> references, long seed) {
        Random random = new Random(seed);
        List<TextPair> pairs = new ArrayList<>(references.size());
        for (String reference : references) {
            StringBuilder answer = new StringBuilder();
            for (String word : reference.split(" ")) {
                if (random.nextDouble() >= 0.1) {
                    answer.append(word).append(' ');
                }
            }
            pairs.add(new TextPair(answer.toString().strip(), reference));
        }
        return pairs;
    }
}
