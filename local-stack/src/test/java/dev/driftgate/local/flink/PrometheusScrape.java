package dev.driftgate.local.flink;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What Flink's Prometheus reporter serves on a port range, summed by metric name. */
public final class PrometheusScrape {
    private final List<String> lines;

    private PrometheusScrape(List<String> lines) {
        this.lines = lines;
    }

    /** Scrapes /metrics on every port of the range that answers (JobManager and TaskManagers). */
    public static PrometheusScrape of(int firstPort, int lastPort) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        List<String> lines = new ArrayList<>();
        for (int port = firstPort; port <= lastPort; port++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    lines.addAll(r.body().lines().toList());
                }
            } catch (Exception nobodyThere) {
                // a port of the range no JVM took
            }
        }
        return new PrometheusScrape(lines);
    }

    /**
     * Sum of every series of {@code metric} whose labels contain every fragment, e.g.
     * {@code operator_name="judge-prod"} (task_name lists the whole chain, so filter on operator_name).
     */
    public double sum(String metric, String... labelFragments) {
        double total = 0;
        for (String line : lines) {
            if (line.startsWith(metric + "{") && java.util.Arrays.stream(labelFragments).allMatch(line::contains)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    public boolean has(String metric) {
        return lines.stream().anyMatch(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "));
    }

    /** The series lines of {@code metric}, for a failure message. */
    public List<String> series(String metric) {
        return lines.stream().filter(l -> l.startsWith(metric + "{")).toList();
    }

    public int size() {
        return lines.size();
    }
}
