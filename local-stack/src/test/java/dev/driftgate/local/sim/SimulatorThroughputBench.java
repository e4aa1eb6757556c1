package dev.driftgate.local.sim;

import dev.driftgate.core.llm.LlmSettings;
import dev.driftgate.core.llm.ModelClients;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.PriceTable;
import dev.driftgate.core.http.RetryPolicy;
import dev.driftgate.local.sim.LatencySpec;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.local.sim.ReferenceAnswers;
import dev.driftgate.local.sim.SimModel;
import dev.driftgate.local.sim.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulator throughput, not part of the test suite (run by hand, see benchmarks/llm.md):
 * requests/s through the full driftgate client stack (LangChain4j OpenAI client, retries, rate
 * limiter, usage) against the simulator, versus raw java.net.http POSTs of the same requests
 * (the baseline), at zero latency; then with 200 ms simulated latency, where perfect overlap
 * would give concurrency / 0.2 s.
 */
public final class SimulatorThroughputBench {
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        SimulatorConfig cfg = new SimulatorConfig(null, 256, List.of(
                SimModel.of("sim-instant", 0.95, LatencySpec.ZERO),
                SimModel.of("sim-200ms", 0.95, LatencySpec.fixed(200))));
        try (LlmSimulator sim = new LlmSimulator(cfg, ReferenceAnswers.none()).start(0);
             ModelClients clients = new ModelClients(LlmSettings.from(Duration.ofSeconds(30), RetryPolicy.of(0),
                     Map.of("OPENAI_BASE_URL", sim.baseUrl())), new PriceTable(Map.of()))) {
            HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // warm-up
            run(32, 2000, i -> clients.complete(req("sim-instant", i)).text());
            run(32, 2000, i -> rawPost(raw, sim.baseUrl(), "sim-instant", i));
            System.out.printf("%-38s %6s %9s %10s%n", "case", "conc", "requests", "req/s");
            for (int concurrency : new int[] {8, 32, 128}) {
                double stack = run(concurrency, requests, i -> clients.complete(req("sim-instant", i)).text());
                double base = run(concurrency, requests, i -> rawPost(raw, sim.baseUrl(), "sim-instant", i));
                System.out.printf("%-38s %6d %9d %10.0f%n", "driftgate stack, 0 ms latency", concurrency, requests, stack);
                System.out.printf("%-38s %6d %9d %10.0f   stack/raw = %.2f%n", "raw java.net.http, 0 ms latency",
                        concurrency, requests, base, stack / base);
            }
            for (int concurrency : new int[] {32, 128}) {
                int n = concurrency * 10;
                double rps = run(concurrency, n, i -> clients.complete(req("sim-200ms", i)).text());
                System.out.printf("%-38s %6d %9d %10.0f   ideal %d, achieved %.0f%%%n", "driftgate stack, 200 ms latency",
                        concurrency, n, rps, concurrency * 5, 100 * rps / (concurrency * 5.0));
            }
            System.out.println("peak RSS (VmHWM): " + peakRss());
        }
    }

    interface Call {
        String apply(int i) throws Exception;
    }

    static ModelRequest req(String model, int i) {
        return ModelRequest.inference("openai/" + model, "You are terse.", "Benchmark question number " + i
                + ": explain briefly why the sky looks blue during the day.");
    }

    static String rawPost(HttpClient http, String baseUrl, String model, int i) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"temperature\":0.0,\"messages\":[{\"role\":\"system\",\"content\":"
                + "\"You are terse.\"},{\"role\":\"user\",\"content\":\"Benchmark question number " + i
                + ": explain briefly why the sky looks blue during the day.\"}]}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode());
        }
        return r.body();
    }

    static double run(int concurrency, int total, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        try {
            long start = System.nanoTime();
            List<Future<Integer>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit((Callable<Integer>) () -> {
                    int done = 0;
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        call.apply(i);
                        done++;
                    }
                    return done;
                }));
            }
            int done = 0;
            for (Future<Integer> f : workers) {
                done += f.get();
            }
            return done / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    static String peakRss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM")) {
                return line.substring(6).trim();
            }
        }
        return "n/a";
    }
}
