package dev.driftgate.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Block Kit payloads: shape, and Slack's control characters escaped in every supplied text. */
class SlackMessagesTest {

    @Test
    void escapeCoversSlacksThreeControlCharacters() {
        assertThat(SlackBlocks.escape("a & <!channel> > b")).isEqualTo("a &amp; &lt;!channel&gt; &gt; b");
        assertThat(SlackBlocks.escape(null)).isEmpty();
    }

    @Test
    void driftAlertIsBlockKit() {
        JsonNode json = SlackMessages.driftAlert(true, "cand", "safety", 0.61, 0.72, "mean too low", 60_000);
        assertThat(json.get("text").asText()).contains("Shadow drift: cand / safety").contains("mean too low");
        assertThat(json.get("blocks")).extracting(b -> b.get("type").asText())
                .containsExactly("header", "section", "context");
        assertThat(json.get("blocks").get(1).get("fields").get(2).get("text").asText()).isEqualTo("*Value*\n0.610");
    }

    @Test
    void runAlertIsBlockKit() {
        JsonNode json = SlackMessages.runAlert(true, "reasoning", 0.70, 0.72, List.of(0.7, 0.7, 0.7), "run-3",
                "m", 60);
        assertThat(json.get("text").asText()).isEqualTo(
                "driftgate: reasoning fell to 0.7000 (mean of the last 3 runs), below 0.72");
        assertThat(json.get("blocks")).extracting(b -> b.get("type").asText())
                .containsExactly("header", "section", "context");
        assertThat(json.get("blocks").get(1).get("fields").toString()).contains("run-3", "0.7000");
    }

    @Test
    void aChannelMentionInAModelOrCategoryNameIsEscapedEverywhere() {
        String evil = "<!channel> & <https://evil.example|click>";
        JsonNode drift = SlackMessages.driftAlert(false, evil, evil, 0.9, 0.7, "back to " + evil, 0);
        JsonNode run = SlackMessages.runAlert(true, evil, 0.5, 0.72, List.of(0.5), "r<1>", evil, 60);
        for (JsonNode json : List.of(drift, run)) {
            String all = json.toString();
            assertThat(all).doesNotContain("<!channel>").doesNotContain("<https").doesNotContain(" & ")
                    .contains("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;");
            json.findValues("text").forEach(t -> {
                String text = t.isTextual() ? t.asText() : t.path("text").asText();
                assertThat(text).doesNotContain("<").doesNotContain(">");
            });
        }
    }

    @Test
    void runIdsAndNamesCannotCarryControlsOrCredentialsIntoSlack() {
        // issue 18 item 8: every field that reaches Slack, including the run id and the model's URL-ish name
        String evil = "x\u001b[2J\r\n<!here> https://u:hunter2@llm.example/v1?token=t0ken";
        JsonNode drift = SlackMessages.driftAlert(true, evil, evil, 0.5, 0.7, evil, 0);
        JsonNode run = SlackMessages.runAlert(true, evil, 0.5, 0.72, List.of(0.5), "run-" + evil, evil, 60);
        for (JsonNode json : List.of(drift, run)) {
            assertThat(json.toString()).doesNotContain("<!here>", "hunter2", "t0ken").contains("&lt;!here&gt;");
            json.findValues("text").forEach(t -> {
                String text = t.isTextual() ? t.asText() : t.path("text").asText();
                assertThat(text).doesNotContainPattern("[\\x00-\\x09\\x0b-\\x1f\\x7f]");
            });
        }
    }

    @Test
    void longHeadersAreCutToSlacksLimit() {
        JsonNode json = SlackBlocks.message("x").header("h".repeat(400)).build();
        assertThat(json.get("blocks").get(0).get("text").get("text").asText()).hasSize(SlackBlocks.MAX_HEADER);
    }
}
