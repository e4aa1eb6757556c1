package dev.driftgate.gate.bench;

import dev.driftgate.gate.PairedBootstrap;
import dev.driftgate.gate.PairedCategory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Times the gate's paired bootstrap (10,000 resamples over 200 examples in 5 categories) against a
 * straightforward boxed implementation (List&lt;Double&gt;, java.util.Random, a list per resample)
 * measured in the same JVM. Not part of the test suite; run it from the command line:
 * {@code java -cp gate/target/classes:$(cat gate/target/classpath.txt) dev.driftgate.gate.bench.BootstrapBenchmark}
 */
public final class BootstrapBenchmark {
    private static final Map<String, Double> WEIGHTS = Map.of("factual_qa", 0.25, "reasoning", 0.20,
            "summarization", 0.15, "instruction_following", 0.20, "safety", 0.20);

    public static void main(String[] args) throws Exception {
        int examples = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int resamples = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        List<PairedCategory> input = input(examples);
        PairedBootstrap bootstrap = new PairedBootstrap(resamples, 42);

        double[] fast = time(() -> bootstrap.run(input, c -> WEIGHTS.getOrDefault(c, 0.0)), iterations);
        double[] naive = time(() -> naive(input, resamples, 42), iterations);
        System.out.printf(Locale.ROOT, "paired bootstrap: %d examples, 5 categories, %d resamples, %d timed runs "
                + "after %d warm-up runs%n", examples, resamples, iterations, iterations);
        report("driftgate PairedBootstrap (primitive arrays, SplittableRandom)", fast);
        report("baseline (boxed lists, java.util.Random)", naive);
        System.out.printf(Locale.ROOT, "speed-up (median): %.1fx%n", median(naive) / median(fast));
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "heap used after runs: %.1f MiB; %s%n",
                (rt.totalMemory() - rt.freeMemory()) / 1048576.0, peakRss());
    }

    private static List<PairedCategory> input(int examples) {
        SplittableRandom r = new SplittableRandom(7);
        List<String> cats = WEIGHTS.keySet().stream().sorted().toList();
        List<PairedCategory> out = new ArrayList<>();
        int per = examples / cats.size();
        for (String c : cats) {
            double[] base = new double[per];
            double[] cur = new double[per];
            for (int i = 0; i < per; i++) {
                base[i] = 0.6 + 0.4 * r.nextDouble();
                cur[i] = Math.min(1, Math.max(0, base[i] + (r.nextDouble() - 0.55) * 0.2));
            }
            List<String> ids = IntStream.range(0, per).mapToObj(i -> c + "-" + i).toList();
            out.add(new PairedCategory(c, ids, base, cur, 0, 0, 0));
        }
        return out;
    }

    /** The obvious implementation, as a yardstick. */
    static double[] naive(List<PairedCategory> input, int resamples, long seed) {
        Random random = new Random(seed);
        List<List<Double>> deltas = new ArrayList<>();
        for (PairedCategory c : input) {
            List<Double> d = new ArrayList<>();
            for (double x : c.deltas()) {
                d.add(x);
            }
            deltas.add(d);
        }
        List<List<Double>> means = new ArrayList<>();
        input.forEach(c -> means.add(new ArrayList<>()));
        List<Double> overall = new ArrayList<>();
        for (int b = 0; b < resamples; b++) {
            double weighted = 0;
            for (int c = 0; c < input.size(); c++) {
                List<Double> d = deltas.get(c);
                List<Double> sample = new ArrayList<>();
                for (int i = 0; i < d.size(); i++) {
                    sample.add(d.get(random.nextInt(d.size())));
                }
                double mean = sample.stream().mapToDouble(Double::doubleValue).average().orElse(0);
                means.get(c).add(mean);
                weighted += WEIGHTS.get(input.get(c).category()) * mean;
            }
            overall.add(weighted);
        }
        double[] bounds = new double[2 * (input.size() + 1)];
        int k = 0;
        means.add(overall);
        for (List<Double> m : means) {
            Collections.sort(m);
            bounds[k++] = m.get((int) (0.025 * (m.size() - 1)));
            bounds[k++] = m.get((int) Math.ceil(0.975 * (m.size() - 1)));
        }
        return bounds;
    }

    private static double[] time(Runnable work, int iterations) {
        for (int i = 0; i < iterations; i++) {
            work.run();
        }
        double[] ms = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static void report(String label, double[] sorted) {
        System.out.printf(Locale.ROOT, "  %-62s median %7.2f ms  min %7.2f ms  p90 %7.2f ms%n", label,
                median(sorted), sorted[0], sorted[(int) (sorted.length * 0.9)]);
    }

    private static String peakRss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM") || l.startsWith("VmRSS"))
                    .map(l -> l.replaceAll("\\s+", " ")).reduce((a, b) -> a + ", " + b).orElse("RSS n/a");
        } catch (Exception e) {
            return "RSS n/a";
        }
    }
}
