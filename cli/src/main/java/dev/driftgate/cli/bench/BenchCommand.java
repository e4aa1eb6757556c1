package dev.driftgate.cli.bench;

import dev.driftgate.cli.ExitCodes;

import dev.driftgate.core.metrics.BertScoreOptions;
import dev.driftgate.core.metrics.DjlBertScorer;
import dev.driftgate.core.metrics.MiniLmEncoder;
import dev.driftgate.core.metrics.RougeScorer;
import dev.driftgate.core.metrics.TextPair;
import dev.driftgate.core.metrics.TokenizedText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate bench rouge|bertscore}: throughput of the metrics on generated pairs, printed as a
 * Markdown table with the machine's load average and the JVM's peak RSS (VmHWM). Not part of the tests.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure metric throughput (benchmarks, not tests).",
        subcommands = {BenchCommand.Rouge.class, BenchCommand.BertScore.class, BenchBertScoreCache.class,
                dev.driftgate.cli.bench.decisions.DecisionsBenchCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** ROUGE-L + ROUGE-Lsum on one thread (= per core). */
    @Command(name = "rouge", mixinStandardHelpOptions = true, description = "rougeL + rougeLsum pairs/s on one thread.")
    static final class Rouge implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--pairs", defaultValue = "20000", description = "Distinct generated pairs (default ${DEFAULT-VALUE}).")
        int pairCount;

        @Option(names = "--tokens", defaultValue = "100", description = "Words per text (default ${DEFAULT-VALUE}).")
        int tokens;

        @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds per case (default ${DEFAULT-VALUE}).")
        double seconds;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Random random = new Random(42);
            List<TextPair> singleLine = PairGenerator.pairs(random, pairCount, tokens, tokens, 1);
            List<TextPair> threeLines = PairGenerator.pairs(random, pairCount, tokens, tokens, 3);
            out.printf("ROUGE bench: %d pairs of ~%d words, 1 thread, load average before: %s%n%n", pairCount, tokens, loadAverage());
            out.println("| case | stemming | pairs per CPU-second (1 thread) | CPU µs/pair | pairs/s wall clock |");
            out.println("| --- | --- | ---: | ---: | ---: |");
            for (boolean stem : new boolean[] {false, true}) {
                for (var entry : List.of(java.util.Map.entry("1 line", singleLine), java.util.Map.entry("3 lines", threeLines))) {
                    RougeScorer scorer = new RougeScorer(stem);
                    run(scorer, entry.getValue(), 1.0); // warm-up: JIT and the stem cache
                    double[] rates = run(scorer, entry.getValue(), seconds);
                    out.printf("| %s, ~%d words | %s | %,.0f | %.1f | %,.0f |%n", entry.getKey(), tokens, stem ? "yes" : "no",
                            rates[0], 1e6 / rates[0], rates[1]);
                }
            }
            out.printf("%nload average after: %s; %s%n", loadAverage(), memory());
            out.flush();
            return ExitCodes.OK;
        }

        /** {pairs per CPU-second of this thread, pairs per wall-clock second}: other load on the box only moves the second. */
        private static double[] run(RougeScorer scorer, List<TextPair> pairs, double seconds) {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long done = 0;
            double sink = 0;
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 1000; i++) {
                    TextPair p = pairs.get((int) (done++ % pairs.size()));
                    sink += scorer.score(p.reference(), p.candidate()).rougeLsum().f1();
                }
            }
            if (sink < 0) {
                throw new IllegalStateException();
            }
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            return new double[] {done / cpuSeconds, done / ((System.nanoTime() - start) / 1e9)};
        }
    }

    /** BERTScore end to end against the raw ONNX forward pass over the same batches. */
    @Command(name = "bertscore", mixinStandardHelpOptions = true,
            description = "BERTScore pairs/s end to end vs the raw ONNX forward pass, at batch 1, 8, 32 and bucketed.")
    static final class BertScore implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--pairs", defaultValue = "128", description = "Generated pairs (default ${DEFAULT-VALUE}).")
        int pairCount;

        @Option(names = "--rounds", defaultValue = "2", description = "Timed rounds per case; the best is kept (default ${DEFAULT-VALUE}).")
        int rounds;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            long loadStart = System.nanoTime();
            MiniLmEncoder encoder = MiniLmEncoder.shared();
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            List<TextPair> pairs = PairGenerator.pairs(new Random(7), pairCount, 10, 120, 1);
            List<String> texts = new ArrayList<>();
            pairs.forEach(p -> texts.add(p.candidate()));
            pairs.forEach(p -> texts.add(p.reference()));
            List<TokenizedText> tokens = encoder.tokenizeAll(texts);
            double meanTokens = tokens.stream().mapToInt(TokenizedText::length).average().orElse(0);
            out.printf("BERTScore bench: %d pairs (%.1f tokens per text on average), model load %.1f s, "
                    + "%d cores, load average before: %s%n%n", pairCount, meanTokens, loadSeconds,
                    Runtime.getRuntime().availableProcessors(), loadAverage());
            out.println("| batching | raw forward pairs/s (wall) | end-to-end pairs/s (wall) | end-to-end / raw (wall) "
                    + "| raw pairs per CPU-s | end-to-end pairs per CPU-s | end-to-end / raw (CPU) | padding overhead |");
            out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            int[][] cases = {{1, 0}, {8, 0}, {32, 0}, {32, 1}};
            for (int[] c : cases) {
                int batch = c[0];
                boolean bucket = c[1] == 1;
                List<MiniLmEncoder.PaddedBatch> batches = batches(tokens, batch, bucket);
                long padded = batches.stream().mapToLong(b -> (long) b.size() * b.length()).sum();
                long real = tokens.stream().mapToLong(TokenizedText::length).sum();
                DjlBertScorer scorer = new DjlBertScorer(new BertScoreOptions(false, null, batch, bucket));
                scorer.score(pairs.subList(0, Math.min(16, pairs.size()))); // warm-up
                batches.subList(0, Math.min(2, batches.size())).forEach(encoder::forward);
                double bestRaw = 0;
                double bestEndToEnd = 0;
                double bestRawCpu = 0;
                double bestEndToEndCpu = 0;
                for (int round = 0; round < rounds; round++) {
                    long c0 = processCpuNanos();
                    long t0 = System.nanoTime();
                    for (MiniLmEncoder.PaddedBatch b : batches) {
                        encoder.forward(b);
                    }
                    bestRaw = Math.max(bestRaw, pairCount / ((System.nanoTime() - t0) / 1e9));
                    bestRawCpu = Math.max(bestRawCpu, pairCount / ((processCpuNanos() - c0) / 1e9));
                    long c1 = processCpuNanos();
                    long t1 = System.nanoTime();
                    scorer.score(pairs);
                    bestEndToEnd = Math.max(bestEndToEnd, pairCount / ((System.nanoTime() - t1) / 1e9));
                    bestEndToEndCpu = Math.max(bestEndToEndCpu, pairCount / ((processCpuNanos() - c1) / 1e9));
                }
                out.printf("| batch %d%s | %.1f | %.1f | %.3f | %.1f | %.1f | %.3f | %.0f%% |%n", batch,
                        bucket ? ", bucketed by length" : "", bestRaw, bestEndToEnd, bestEndToEnd / bestRaw,
                        bestRawCpu, bestEndToEndCpu, bestEndToEndCpu / bestRawCpu, 100.0 * (padded - real) / real);
                out.flush();
            }
            out.printf("%nload average after: %s; %s%n", loadAverage(), memory());
            out.flush();
            return ExitCodes.OK;
        }

        /** The same batches DjlBertScorer runs: candidates then references, sorted by length when bucketed. */
        private static List<MiniLmEncoder.PaddedBatch> batches(List<TokenizedText> tokens, int batch, boolean bucket) {
            Integer[] order = new Integer[tokens.size()];
            Arrays.setAll(order, i -> i);
            if (bucket) {
                Arrays.sort(order, Comparator.comparingInt(i -> tokens.get(i).length()));
            }
            List<MiniLmEncoder.PaddedBatch> batches = new ArrayList<>();
            for (int from = 0; from < order.length; from += batch) {
                List<TokenizedText> chunk = new ArrayList<>();
                for (int k = from; k < Math.min(order.length, from + batch); k++) {
                    chunk.add(tokens.get(order[k]));
                }
                batches.add(MiniLmEncoder.pad(chunk));
            }
            return batches;
        }
    }

    /** English-like pairs: a reference from a fixed vocabulary and a candidate that drops and swaps words. */
    static final class PairGenerator {
        private static final String[] WORDS = ("the of and to in is that it was for on are as with his they at be this "
                + "from have or by one had not but what all were when we there can an your which their said if do "
                + "will each about how up out them then she many some so these would other into has more her two "
                + "like him see time could no make than first been its who now people my made over did down only "
                + "way find use may water long little very after words called just where most know get through back "
                + "much before go good new write our used me man too any day same right look think also around another "
                + "came come work three word must because does part even place well such here take why things help put "
                + "years different away again off went old number great tell men say small every found still between "
                + "name should home big give air line set own under read last never us left end along while might next "
                + "sound below saw something thought both few those always looked show large often together asked house "
                + "model answer capital france paris regression quality evaluation summary dataset response latency").split(" ");

        static List<TextPair> pairs(Random random, int count, int minWords, int maxWords, int lines) {
            List<TextPair> pairs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int words = minWords + (maxWords > minWords ? random.nextInt(maxWords - minWords + 1) : 0);
                List<String> reference = new ArrayList<>(words);
                for (int w = 0; w < words; w++) {
                    // skewed towards frequent words, as text is
                    reference.add(WORDS[(int) (WORDS.length * Math.pow(random.nextDouble(), 2))]);
                }
                List<String> candidate = new ArrayList<>(words);
                for (String word : reference) {
                    double roll = random.nextDouble();
                    if (roll < 0.1) {
                        continue;
                    }
                    candidate.add(roll < 0.25 ? WORDS[random.nextInt(WORDS.length)] : word);
                }
                pairs.add(new TextPair(join(candidate, lines, random), join(reference, lines, random)));
            }
            return pairs;
        }

        private static String join(List<String> words, int lines, Random random) {
            StringBuilder text = new StringBuilder();
            int perLine = Math.max(1, words.size() / lines);
            for (int i = 0; i < words.size(); i++) {
                if (i > 0) {
                    text.append(i % perLine == 0 && lines > 1 ? ".\n" : random.nextDouble() < 0.08 ? ", " : " ");
                }
                String word = words.get(i);
                text.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
            }
            return text.append('.').toString();
        }
    }

    /** CPU time of the whole JVM (ONNX Runtime computes on its own threads). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "n/a";
        }
    }

    /** Peak and current resident set size of this JVM, from /proc/self/status. */
    static String memory() {
        try {
            String hwm = "?";
            String rss = "?";
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    hwm = line.substring(6).strip();
                } else if (line.startsWith("VmRSS:")) {
                    rss = line.substring(6).strip();
                }
            }
            return "peak RSS (VmHWM) " + hwm + ", RSS now " + rss;
        } catch (IOException e) {
            return "RSS n/a";
        }
    }
}
