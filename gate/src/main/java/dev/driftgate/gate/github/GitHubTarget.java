package dev.driftgate.gate.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the scorecard comment goes, read from the Actions environment: GITHUB_API_URL (default
 * https://api.github.com; set by Actions on GitHub Enterprise), GITHUB_REPOSITORY (owner/name),
 * GITHUB_TOKEN, and the pull request number from {@code --pr} or the event payload at
 * GITHUB_EVENT_PATH ({@code pull_request.number}). {@code botLogin} is whom an installation token
 * acts as (DRIFTGATE_GITHUB_BOT_LOGIN, default {@value #DEFAULT_BOT_LOGIN}): GitHub answers GET /user
 * with 403 for such tokens, so the publisher recognises its own comments by this login instead.
 */
public record GitHubTarget(URI apiUrl, String owner, String repo, int pullRequest, String token, String botLogin) {
    public static final String DEFAULT_API_URL = "https://api.github.com";
    public static final String DEFAULT_BOT_LOGIN = "github-actions[bot]";

    public GitHubTarget {
        botLogin = botLogin == null || botLogin.isBlank() ? DEFAULT_BOT_LOGIN : botLogin.strip();
    }

    @Override
    public String toString() {
        // records print every component: keep the token out of any log line that prints this
        return "GitHubTarget[" + apiUrl + ", " + owner + "/" + repo + "#" + pullRequest + ", bot " + botLogin + "]";
    }

    public static GitHubTarget fromEnvironment(Map<String, String> env, Integer prOverride) throws GitHubException {
        String token = value(env, "GITHUB_TOKEN");
        if (token == null) {
            throw new GitHubException("GITHUB_TOKEN is not set: cannot post the PR comment");
        }
        String repository = value(env, "GITHUB_REPOSITORY");
        if (repository == null || !repository.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            throw new GitHubException("GITHUB_REPOSITORY must be owner/name, was "
                    + (repository == null ? "unset" : "'" + repository + "'"));
        }
        String api = value(env, "GITHUB_API_URL");
        URI apiUrl;
        try {
            apiUrl = URI.create(stripSlash(api == null ? DEFAULT_API_URL : api));
        } catch (IllegalArgumentException e) {
            throw new GitHubException("GITHUB_API_URL is not a URL: " + api);
        }
        int pr = prOverride != null ? prOverride : prFromEvent(value(env, "GITHUB_EVENT_PATH"));
        if (pr <= 0) {
            throw new GitHubException("pull request number must be positive, was " + pr);
        }
        String[] parts = repository.split("/");
        return new GitHubTarget(apiUrl, parts[0], parts[1], pr, token, value(env, Environment.GITHUB_BOT_LOGIN));
    }

    static int prFromEvent(String eventPath) throws GitHubException {
        if (eventPath == null) {
            throw new GitHubException("no pull request number: pass --pr N or run on a pull_request event "
                    + "(GITHUB_EVENT_PATH is not set)");
        }
        JsonNode event;
        try {
            event = Json.mapper().readTree(Files.readAllBytes(Path.of(eventPath)));
        } catch (IOException e) {
            throw new GitHubException("cannot read the event payload GITHUB_EVENT_PATH=" + eventPath + ": "
                    + e.getMessage());
        }
        JsonNode number = event == null ? null : event.path("pull_request").path("number");
        if (number == null || !number.canConvertToInt() || number.isMissingNode()) {
            throw new GitHubException("the event payload " + eventPath + " has no pull_request.number "
                    + "(not a pull_request event? pass --pr N)");
        }
        return number.asInt();
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
