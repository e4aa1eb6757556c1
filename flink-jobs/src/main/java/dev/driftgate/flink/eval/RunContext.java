package dev.driftgate.flink.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where a run comes from: git sha (GITHUB_SHA or git rev-parse HEAD) and PR number (event file or --pr). */
public final class RunContext {
    private RunContext() {
    }

    public static String gitSha(Map<String, String> env, Path workDir) {
        String sha = env.get("GITHUB_SHA");
        if (sha != null && !sha.isBlank()) {
            return sha.trim();
        }
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(workDir.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
                return out;
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** --pr wins; else pull_request.number (or number) of the GitHub event file; else null. */
    public static Integer prNumber(Integer flag, Map<String, String> env) {
        if (flag != null) {
            return flag;
        }
        String path = env.get("GITHUB_EVENT_PATH");
        if (path == null || path.isBlank() || !Files.isReadable(Path.of(path))) {
            return null;
        }
        try {
            JsonNode event = Json.mapper().readTree(Path.of(path).toFile());
            JsonNode number = event.path("pull_request").path("number");
            if (number.isMissingNode()) {
                number = event.path("number");
            }
            return number.isInt() ? number.intValue() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
