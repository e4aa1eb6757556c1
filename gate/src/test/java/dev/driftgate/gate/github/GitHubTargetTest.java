package dev.driftgate.gate.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHubTargetTest {
    @TempDir
    Path dir;

    @Test
    void readsThePullRequestNumberFromTheEventPayloadAndDefaultsTheApiUrl() throws Exception {
        Path event = dir.resolve("event.json");
        Files.writeString(event, "{\"pull_request\": {\"number\": 17, \"title\": \"x\"}, \"repository\": {}}");
        GitHubTarget t = GitHubTarget.fromEnvironment(Map.of("GITHUB_TOKEN", "tok", "GITHUB_REPOSITORY", "acme/app",
                "GITHUB_EVENT_PATH", event.toString()), null);
        assertThat(t.apiUrl()).isEqualTo(URI.create("https://api.github.com"));
        assertThat(t.owner()).isEqualTo("acme");
        assertThat(t.repo()).isEqualTo("app");
        assertThat(t.pullRequest()).isEqualTo(17);
        assertThat(t.toString()).doesNotContain("tok");
    }

    @Test
    void prOptionWinsAndEnterpriseUrlIsKept() throws Exception {
        GitHubTarget t = GitHubTarget.fromEnvironment(Map.of("GITHUB_TOKEN", "tok", "GITHUB_REPOSITORY", "acme/app",
                "GITHUB_API_URL", "https://ghe.example.com/api/v3/"), 5);
        assertThat(t.apiUrl()).isEqualTo(URI.create("https://ghe.example.com/api/v3"));
        assertThat(t.pullRequest()).isEqualTo(5);
    }

    @Test
    void explainsEachMissingPiece() throws Exception {
        assertThatThrownBy(() -> GitHubTarget.fromEnvironment(Map.of("GITHUB_REPOSITORY", "a/b"), 1))
                .hasMessageContaining("GITHUB_TOKEN is not set");
        assertThatThrownBy(() -> GitHubTarget.fromEnvironment(Map.of("GITHUB_TOKEN", "t", "GITHUB_REPOSITORY", "nope"), 1))
                .hasMessageContaining("GITHUB_REPOSITORY must be owner/name, was 'nope'");
        Path push = dir.resolve("push.json");
        Files.writeString(push, "{\"ref\": \"refs/heads/main\"}");
        assertThatThrownBy(() -> GitHubTarget.fromEnvironment(Map.of("GITHUB_TOKEN", "t", "GITHUB_REPOSITORY", "a/b",
                "GITHUB_EVENT_PATH", push.toString()), null))
                .hasMessageContaining("has no pull_request.number");
        assertThatThrownBy(() -> GitHubTarget.fromEnvironment(Map.of("GITHUB_TOKEN", "t", "GITHUB_REPOSITORY", "a/b"), 0))
                .hasMessageContaining("must be positive");
    }

    @Test
    void followsOnlyTheNextLink() {
        assertThat(PrCommentPublisher.nextLink("<https://api.github.com/x?page=2>; rel=\"next\", "
                + "<https://api.github.com/x?page=5>; rel=\"last\"")).isEqualTo(URI.create("https://api.github.com/x?page=2"));
        assertThat(PrCommentPublisher.nextLink("<https://api.github.com/x?page=1>; rel=\"prev\"")).isNull();
    }
}
