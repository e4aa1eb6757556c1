package dev.driftgate.gate.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.http.RetryingHttpClient;
import dev.driftgate.gate.github.PrCommentPublisher.Action;
import dev.driftgate.gate.github.PrCommentPublisher.Result;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only a comment the token's own identity wrote is ever updated (issue 18 item 9: comment hijack). */
class PrCommentPublisherTest {
    private static final String TOKEN = "ghs_test_token_1234";
    private static final int PR = 42;
    private final RetryingHttpClient http = RetryingHttpClient.withDefaults().withSleeper(ms -> { });

    private PrCommentPublisher publisher(FakeGitHub github, String botLogin) {
        return new PrCommentPublisher(http, new GitHubTarget(URI.create(github.apiUrl()), "acme", "widgets", PR,
                TOKEN, botLogin));
    }

    @Test
    void aMarkerSeededByAnotherUserIsLeftAloneAndOursIsCreatedThenUpdated() throws Exception {
        try (FakeGitHub github = new FakeGitHub(TOKEN)) {
            github.actAsUser("driftgate-ci");
            FakeGitHub.Comment bait = github.addComment(PR, PrCommentPublisher.MARKER + "\nfake PASS", "mallory", "User");

            Result first = publisher(github, null).upsert("## scorecard 1");
            assertThat(first.action()).isEqualTo(Action.CREATED);
            Result second = publisher(github, null).upsert("## scorecard 2");
            assertThat(second.action()).isEqualTo(Action.UPDATED);
            assertThat(second.commentId()).isEqualTo(first.commentId());

            assertThat(github.comments(PR)).hasSize(2).contains(bait);
            assertThat(github.comments(PR)).filteredOn(c -> c.login().equals("driftgate-ci"))
                    .singleElement().satisfies(c -> assertThat(c.body()).endsWith("## scorecard 2"));
            assertThat(github.requests()).noneMatch(r -> r.equals("PATCH /api/v3/repos/acme/widgets/issues/comments/"
                    + bait.id()));
        }
    }

    @Test
    void anActionsTokenRecognisesItsBotAndNotABotOrUserOfTheSameName() throws Exception {
        try (FakeGitHub github = new FakeGitHub(TOKEN)) {
            github.actAsInstallationBot("github-actions[bot]");
            github.addComment(PR, PrCommentPublisher.MARKER + "\nfrom a user", "github-actions", "User");
            github.addComment(PR, PrCommentPublisher.MARKER + "\nfrom another app", "evil-app[bot]", "Bot");
            FakeGitHub.Comment ours = github.addComment(PR, PrCommentPublisher.MARKER + "\nold", "github-actions[bot]", "Bot");

            Result result = publisher(github, null).upsert("## new scorecard");
            assertThat(result.action()).isEqualTo(Action.UPDATED);
            assertThat(result.commentId()).isEqualTo(ours.id());
            assertThat(github.comments(PR)).hasSize(3);
        }
    }

    @Test
    void theBotLoginIsConfigurableForAppTokens() throws Exception {
        try (FakeGitHub github = new FakeGitHub(TOKEN)) {
            github.actAsInstallationBot("driftgate-app[bot]");
            github.addComment(PR, PrCommentPublisher.MARKER + "\nbait", "mallory", "User");
            FakeGitHub.Comment ours = github.addComment(PR, PrCommentPublisher.MARKER + "\nold", "driftgate-app[bot]", "Bot");

            assertThat(publisher(github, null).upsert("x").action()).as("default login is not ours")
                    .isEqualTo(Action.CREATED);
            Result configured = publisher(github, "driftgate-app[bot]").upsert("y");
            assertThat(configured.action()).isEqualTo(Action.UPDATED);
            assertThat(configured.commentId()).isEqualTo(ours.id());
        }
    }

    @Test
    void noMarkerMeansNoIdentityLookup() throws Exception {
        try (FakeGitHub github = new FakeGitHub(TOKEN)) {
            github.addForeignComments(PR, 3);
            assertThat(publisher(github, null).upsert("z").action()).isEqualTo(Action.CREATED);
            assertThat(github.requests()).noneMatch(r -> r.endsWith("/user"));
            assertThat(List.copyOf(github.requests())).hasSize(2);
        }
    }
}
