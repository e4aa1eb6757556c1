package dev.driftgate.local.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few reads of the JobManager's REST API that the launcher, the CLI and the tests need. Plain
 * HTTP and JSON, so no Flink type is needed on the caller's side.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param hostPort the JobManager's REST address, {@code host:port} */
    public FlinkRest(String hostPort) {
        this.base = "http://" + hostPort;
    }

    public String baseUrl() {
        return base;
    }

    /** A job as /jobs/overview lists it. */
    public record JobSummary(String id, String name, String state) {
    }

    /** The latest completed checkpoint: its duration and full state size. */
    public record CheckpointStats(long completed, long failed, long lastDurationMs, long lastStateSizeBytes) {
    }

    /** True when the REST endpoint answers at all. */
    public boolean reachable() {
        try {
            get("/overview");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int registeredTaskManagers() throws IOException {
        return get("/taskmanagers").path("taskmanagers").size();
    }

    public List<JobSummary> jobs() throws IOException {
        List<JobSummary> out = new ArrayList<>();
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            out.add(new JobSummary(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText()));
        }
        return out;
    }

    public Optional<JobSummary> job(String id) throws IOException {
        return jobs().stream().filter(j -> j.id().equals(id)).findFirst();
    }

    /** How many times the job was restarted since it was submitted (the job's numRestarts metric). */
    public long restarts(String jobId) throws IOException {
        for (JsonNode m : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
            return m.path("value").asLong(0);
        }
        return 0;
    }

    public CheckpointStats checkpoints(String jobId) throws IOException {
        JsonNode c = get("/jobs/" + jobId + "/checkpoints");
        JsonNode last = c.path("latest").path("completed");
        return new CheckpointStats(c.path("counts").path("completed").asLong(), c.path("counts").path("failed").asLong(),
                last.path("end_to_end_duration").asLong(-1), last.path("checkpointed_size").asLong(
                        last.path("state_size").asLong(-1)));
    }

    JsonNode get(String path) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IOException("GET " + base + path + " -> HTTP " + resp.statusCode() + ": " + resp.body());
            }
            return JSON.readTree(resp.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: GET " + base + path, e);
        }
    }
}
