package dev.driftgate.gate.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftgate.core.json.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local server speaking the slice of the GitHub REST API the publisher uses: list issue comments
 * (paginated with Link headers, honouring per_page and page), create one, update one, GET /user.
 * Checks the bearer token like GitHub does (401 otherwise) and can fail the next N requests with a
 * 5xx. The token acts as one identity: a user (GET /user answers) or, like Actions' GITHUB_TOKEN, an
 * installation bot (GET /user is 403); comments it creates carry that author, and like GitHub it
 * refuses (403) to edit a comment someone else wrote.
 */
public final class FakeGitHub implements AutoCloseable {
    private static final Pattern LIST_OR_CREATE = Pattern.compile("/api/v3/repos/([^/]+)/([^/]+)/issues/(\\d+)/comments");
    private static final Pattern UPDATE = Pattern.compile("/api/v3/repos/([^/]+)/([^/]+)/issues/comments/(\\d+)");

    public record Comment(long id, int issue, String body, String login, String type) {
    }

    private final HttpServer server;
    private final String token;
    private final List<Comment> comments = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private final AtomicInteger failNext = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int failStatus = 502;
    private volatile String login = "driftgate-ci";
    private volatile String type = "User";
    private volatile boolean installationToken;

    public FakeGitHub(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The GITHUB_API_URL of this server (GitHub Enterprise style, with /api/v3). */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v3";
    }

    public void failNext(int count, int status) {
        failStatus = status;
        failNext.set(count);
    }

    public void addForeignComments(int issue, int count) {
        for (int i = 0; i < count; i++) {
            addComment(issue, "looks good to me #" + i, "reviewer-" + i, "User");
        }
    }

    /** Seeds a comment by anyone, e.g. one carrying the scorecard marker written by someone else. */
    public Comment addComment(int issue, String body, String authorLogin, String authorType) {
        Comment c = new Comment(ids.incrementAndGet(), issue, body, authorLogin, authorType);
        comments.add(c);
        return c;
    }

    /** The token acts as this user; GET /user answers with it. */
    public void actAsUser(String userLogin) {
        login = userLogin;
        type = "User";
        installationToken = false;
    }

    /** The token is an installation token acting as this bot; GET /user answers 403 like GitHub's. */
    public void actAsInstallationBot(String botLogin) {
        login = botLogin;
        type = "Bot";
        installationToken = true;
    }

    public List<Comment> comments(int issue) {
        return comments.stream().filter(c -> c.issue() == issue).toList();
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            requests.add(ex.getRequestMethod() + " " + path);
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(ex, failStatus, Map.of(), "{\"message\":\"Server Error\"}");
                return;
            }
            if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                respond(ex, 401, Map.of(), "{\"message\":\"Bad credentials\"}");
                return;
            }
            if (path.equals("/api/v3/user") && ex.getRequestMethod().equals("GET")) {
                if (installationToken) {
                    respond(ex, 403, Map.of(), "{\"message\":\"Resource not accessible by integration\"}");
                } else {
                    respond(ex, 200, Map.of(), Json.mapper().createObjectNode().put("login", login).put("type", type)
                            .toString());
                }
                return;
            }
            Matcher list = LIST_OR_CREATE.matcher(path);
            Matcher update = UPDATE.matcher(path);
            if (list.matches() && ex.getRequestMethod().equals("GET")) {
                list(ex, Integer.parseInt(list.group(3)));
            } else if (list.matches() && ex.getRequestMethod().equals("POST")) {
                String body = body(ex).path("body").asText();
                Comment c = addComment(Integer.parseInt(list.group(3)), body, login, type);
                respond(ex, 201, Map.of(), toJson(c).toString());
            } else if (update.matches() && ex.getRequestMethod().equals("PATCH")) {
                long id = Long.parseLong(update.group(3));
                String body = body(ex).path("body").asText();
                for (int i = 0; i < comments.size(); i++) {
                    Comment old = comments.get(i);
                    if (old.id() == id && !old.login().equals(login)) {
                        respond(ex, 403, Map.of(), "{\"message\":\"Resource not accessible by integration\"}");
                        return;
                    }
                    if (old.id() == id) {
                        Comment c = new Comment(id, old.issue(), body, old.login(), old.type());
                        comments.set(i, c);
                        respond(ex, 200, Map.of(), toJson(c).toString());
                        return;
                    }
                }
                respond(ex, 404, Map.of(), "{\"message\":\"Not Found\"}");
            } else {
                respond(ex, 404, Map.of(), "{\"message\":\"Not Found\"}");
            }
        }
    }

    private void list(HttpExchange ex, int issue) throws IOException {
        Map<String, String> query = query(ex.getRequestURI());
        int perPage = Integer.parseInt(query.getOrDefault("per_page", "30"));
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        List<Comment> all = comments(issue);
        int from = Math.min(all.size(), (page - 1) * perPage);
        int to = Math.min(all.size(), from + perPage);
        ArrayNode array = Json.mapper().createArrayNode();
        all.subList(from, to).forEach(c -> array.add(toJson(c)));
        Map<String, String> headers = to < all.size()
                ? Map.of("Link", "<http://127.0.0.1:" + server.getAddress().getPort() + ex.getRequestURI().getPath() + "?per_page=" + perPage + "&page="
                        + (page + 1) + ">; rel=\"next\", <" + apiUrl() + "/last>; rel=\"last\"")
                : Map.of();
        respond(ex, 200, headers, array.toString());
    }

    private ObjectNode toJson(Comment c) {
        ObjectNode json = Json.mapper().createObjectNode().put("id", c.id()).put("body", c.body())
                .put("html_url", "https://github.example/pr/" + c.issue() + "#issuecomment-" + c.id());
        json.putObject("user").put("login", c.login()).put("type", c.type());
        return json;
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        return Json.mapper().readTree(ex.getRequestBody().readAllBytes());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new java.util.HashMap<>();
        if (uri.getQuery() != null) {
            for (String kv : uri.getQuery().split("&")) {
                String[] p = kv.split("=", 2);
                out.put(p[0], p.length > 1 ? p[1] : "");
            }
        }
        return out;
    }

    private static void respond(HttpExchange ex, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
