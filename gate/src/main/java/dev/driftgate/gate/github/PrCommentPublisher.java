package dev.driftgate.gate.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.http.RetryingHttpClient;
import dev.driftgate.core.text.Redaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps exactly one scorecard comment on a pull request: finds the comment carrying
 * {@link #MARKER} that the token's own identity wrote (paging through all comments), updates it,
 * or creates one when there is none. A marker in someone else's comment is ignored: anyone can
 * paste it, and editing their comment would either fail (403, blocking the scorecard) or let them
 * choose which comment carries the verdict. REST endpoints: GET/POST
 * /repos/{owner}/{repo}/issues/{n}/comments, PATCH /repos/{owner}/{repo}/issues/comments/{id} and
 * GET /user (who the token is; 403 for installation tokens such as Actions' GITHUB_TOKEN).
 */
public final class PrCommentPublisher {
    /** Hidden in the rendered comment; identifies ours among everyone's. */
    public static final String MARKER = "<!-- driftgate-scorecard -->";
    /** GitHub rejects comment bodies over 65,536 characters. */
    static final int MAX_BODY_CHARS = 65_000;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

    public enum Action { CREATED, UPDATED }

    public record Result(Action action, long commentId, String htmlUrl) {
    }

    private final RetryingHttpClient http;
    private final GitHubTarget target;

    public PrCommentPublisher(RetryingHttpClient http, GitHubTarget target) {
        this.http = http;
        this.target = target;
    }

    public Result upsert(String scorecardMarkdown) throws GitHubException, InterruptedException {
        String body = MARKER + "\n" + truncate(scorecardMarkdown);
        ObjectNode payload = Json.mapper().createObjectNode().put("body", body);
        Optional<Long> existing = findExisting();
        if (existing.isPresent()) {
            URI uri = uri("/repos/" + target.owner() + "/" + target.repo() + "/issues/comments/" + existing.get());
            JsonNode json = call(request(uri).method("PATCH", json(payload)).build(), 200);
            return new Result(Action.UPDATED, existing.get(), json.path("html_url").asText(null));
        }
        JsonNode json = call(request(commentsUri()).POST(json(payload)).build(), 201);
        return new Result(Action.CREATED, json.path("id").asLong(), json.path("html_url").asText(null));
    }

    private Optional<Long> findExisting() throws GitHubException, InterruptedException {
        Author self = null;
        URI next = URI.create(commentsUri() + "?per_page=100");
        int pages = 0;
        while (next != null && pages++ < 100) {
            HttpRequest request = request(next).GET().build();
            HttpResponse<String> response = send(request);
            expect(response, 200, "list comments");
            JsonNode comments = parse(response, "list comments");
            for (JsonNode comment : comments) {
                if (comment.path("body").asText("").contains(MARKER)) {
                    // asked only once a marker shows up: a PR without our comment costs no extra call
                    self = self != null ? self : whoAmI();
                    if (self.wrote(comment)) {
                        return Optional.of(comment.path("id").asLong());
                    }
                }
            }
            next = response.headers().firstValue("Link").map(PrCommentPublisher::nextLink).orElse(null);
        }
        return Optional.empty();
    }

    /**
     * The author this token writes as. A user or app-user token may read GET /user; an installation
     * token (GitHub Actions' GITHUB_TOKEN, a GitHub App) gets 403 there and writes as a Bot whose
     * login is configured ({@link GitHubTarget#botLogin}).
     */
    private Author whoAmI() throws GitHubException, InterruptedException {
        HttpResponse<String> response = send(request(uri("/user")).GET().build());
        if (response.statusCode() == 403) {
            return new Author(target.botLogin(), "Bot");
        }
        expect(response, 200, "get the token's user");
        JsonNode user = parse(response, "get the token's user");
        String login = user.path("login").asText("");
        if (login.isEmpty()) {
            throw new GitHubException("GitHub API GET /user returned no login: cannot tell our comment from others'");
        }
        return new Author(login, null);
    }

    /** A comment author to match: login, and the account type when only the login was configured. */
    record Author(String login, String type) {
        boolean wrote(JsonNode comment) {
            JsonNode user = comment.path("user");
            return login.equalsIgnoreCase(user.path("login").asText(""))
                    && (type == null || type.equals(user.path("type").asText("")));
        }
    }

    static URI nextLink(String linkHeader) {
        Matcher m = NEXT_LINK.matcher(linkHeader);
        return m.find() ? URI.create(m.group(1)) : null;
    }

    private JsonNode call(HttpRequest request, int expected) throws GitHubException, InterruptedException {
        String what = request.method() + " comment";
        HttpResponse<String> response = send(request);
        expect(response, expected, what);
        return parse(response, what);
    }

    private HttpResponse<String> send(HttpRequest request) throws GitHubException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GitHubException(redact("GitHub API unreachable: " + e.getMessage()));
        }
    }

    private void expect(HttpResponse<String> response, int expected, String what) throws GitHubException {
        if (response.statusCode() != expected) {
            String message;
            try {
                message = Json.mapper().readTree(response.body()).path("message").asText(response.body());
            } catch (IOException e) {
                message = response.body();
            }
            throw new GitHubException(redact("GitHub API " + what + " on " + target.owner() + "/" + target.repo()
                    + "#" + target.pullRequest() + " returned HTTP " + response.statusCode() + ": "
                    + abbreviate(message)));
        }
    }

    private JsonNode parse(HttpResponse<String> response, String what) throws GitHubException {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new GitHubException("GitHub API " + what + " returned a body that is not JSON");
        }
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "driftgate")
                .header("Authorization", "Bearer " + target.token());
    }

    private static HttpRequest.BodyPublisher json(JsonNode payload) {
        return HttpRequest.BodyPublishers.ofString(payload.toString());
    }

    private URI commentsUri() {
        return uri("/repos/" + target.owner() + "/" + target.repo() + "/issues/" + target.pullRequest() + "/comments");
    }

    private URI uri(String path) {
        return URI.create(target.apiUrl() + path);
    }

    /** Belt and braces: no message leaves this class with the token (or a URL credential) in it. */
    private String redact(String message) {
        return Redaction.redact(message, List.of(target.token()));
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    static String truncate(String markdown) {
        if (markdown.length() <= MAX_BODY_CHARS) {
            return markdown;
        }
        return markdown.substring(0, MAX_BODY_CHARS) + "\n\n…(truncated; the full scorecard is in the workflow artifacts)\n";
    }
}
